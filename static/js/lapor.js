// Enhancement only: the form works without it ("Pilih" buttons reload the next level).
// Used by /lapor/ and by /tanya/ajukan/ (its region selects).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var urutan = ["provinsi", "kabupaten", "kecamatan", "desa"];
  var pilih = {};
  urutan.forEach(function (n) { pilih[n] = document.querySelector('[data-wilayah="' + n + '"]'); });

  function kosongkan(select) {
    while (select.options.length > 1) select.remove(1);
    select.value = "";
  }

  urutan.slice(0, 3).forEach(function (nama, i) {
    var select = pilih[nama];
    if (!select) return;
    select.addEventListener("change", function () {
      // A form may have fewer levels (/tanya/ajukan/ stops at the kabupaten/kota).
      urutan.slice(i + 1).forEach(function (n) { if (pilih[n]) kosongkan(pilih[n]); });
      var anak = pilih[urutan[i + 1]];
      if (!select.value || !anak) return;
      anak.disabled = true;
      fetch("/wilayah/anak/?induk=" + encodeURIComponent(select.value), { headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) {
          data.wilayah.forEach(function (w) { anak.add(new Option(w.nama, w.kode)); });
        })
        .catch(function () { document.documentElement.classList.remove("js"); })
        .finally(function () { anak.disabled = false; });
    });
  });

  // The category's help link opens the tanya jawab of the category chosen.
  var kategori = document.getElementById("id_kategori");
  var tautanTanya = document.querySelector("[data-tanya-topik]");
  if (kategori && tautanTanya) {
    var dasarTanya = tautanTanya.getAttribute("href").split("?")[0];
    kategori.addEventListener("change", function () {
      tautanTanya.setAttribute("href", dasarTanya + (kategori.value ? "?topik=" + encodeURIComponent(kategori.value) : ""));
    });
  }

  // Identity fields are only for an identified report.
  var identitas = document.getElementById("identitas");
  function tampilkanIdentitas() {
    var terpilih = document.querySelector('input[name="sumber"]:checked');
    if (identitas) identitas.hidden = !!terpilih && terpilih.value === "informasi_awal";
  }
  document.querySelectorAll('input[name="sumber"]').forEach(function (r) { r.addEventListener("change", tampilkanIdentitas); });
  tampilkanIdentitas();

  // The error summary takes the focus (screen readers read it first); a link in it moves the focus to
  // its field with the field's label in view, as GOV.UK's does. Without JavaScript the links still jump.
  var ringkasan = document.getElementById("ringkasan-galat");
  if (ringkasan) {
    if (!location.hash) ringkasan.focus();
    ringkasan.addEventListener("click", function (e) {
      var a = e.target.closest("a[href^='#']");
      var sasaran = a && document.getElementById(a.getAttribute("href").slice(1));
      if (!sasaran) return;
      e.preventDefault();
      var label = document.querySelector('label[for="' + sasaran.id + '"]');
      (label || sasaran).scrollIntoView();
      if (typeof sasaran.focus === "function") sasaran.focus({ preventScroll: true });
    });
  }

  // One tap sends once.
  var form = document.getElementById("form-lapor");
  if (form) form.addEventListener("submit", function (e) {
    if (form.dataset.terkirim && e.submitter && e.submitter.name === "kirim") { e.preventDefault(); return; }
    if (e.submitter && e.submitter.name === "kirim") { form.dataset.terkirim = "1"; e.submitter.textContent = "Mengirim…"; }
  });
})();
