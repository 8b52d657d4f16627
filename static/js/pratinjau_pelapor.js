// The admin's preview of what the reporter reads on /lacak/ (templates/admin/pengaduan/includes/
// pratinjau_pelapor.html) follows typing. Enhancement only: without JavaScript "Perbarui pratinjau"
// redraws it on the server. The public labels come from a json_script block, never inline code.
(function () {
  "use strict";
  var kotak = document.getElementById("pratinjau-pelapor");
  var sumberLabel = document.getElementById("label-publik");
  if (!kotak || !sumberLabel) return;
  var label = JSON.parse(sumberLabel.textContent);
  var pesan = document.querySelector("[data-pratinjau=pesan]");
  var ke = document.querySelector("[data-pratinjau=ke]");
  if (pesan) pesan.addEventListener("input", function () {
    var teks = pesan.value.trim();
    kotak.querySelectorAll("[data-pratinjau-pesan]").forEach(function (el) { el.textContent = teks; });
    kotak.querySelectorAll("[data-pratinjau-pesan-blok]").forEach(function (el) { el.hidden = !teks; });
  });
  if (ke) ke.addEventListener("change", function () {
    kotak.querySelectorAll("[data-pratinjau-label]").forEach(function (el) { el.textContent = label[ke.value] || ""; });
  });
})();
