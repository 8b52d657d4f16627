// Enhancement only: without JavaScript the code can still be downloaded, written down or printed.
(function () {
  "use strict";
  var kode = document.getElementById("kode-pelacakan");
  var salin = document.getElementById("salin-kode");
  var cetak = document.getElementById("cetak-tanda-terima");
  var status = document.getElementById("status-salin");
  if (!kode) return;

  function tersalin(ok) {
    status.textContent = ok ? "Kode tersalin. Tempel di catatan atau pesan untuk diri Anda sendiri."
                            : "Tidak dapat menyalin otomatis. Tekan lama kode di atas lalu pilih Salin.";
  }

  // The old way, for browsers without the clipboard API or outside a secure context.
  function salinLama(teks) {
    var area = document.createElement("textarea");
    area.value = teks;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  if (salin) {
    salin.hidden = false;
    salin.addEventListener("click", function () {
      var teks = kode.textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(teks).then(function () { tersalin(true); }, function () { tersalin(salinLama(teks)); });
      } else {
        tersalin(salinLama(teks));
      }
    });
  }
  if (cetak) {
    cetak.hidden = false;
    cetak.addEventListener("click", function () { window.print(); });
  }
})();
