// A console form that was not saved: the first field with an error gets the focus (the error
// summary above the form names every reason); the summary's links move the focus too.
document.addEventListener("DOMContentLoaded", function () {
  if (!document.getElementById("ringkasan-kesalahan")) { return; }
  var first = document.querySelector("input.is-invalid, select.is-invalid, textarea.is-invalid, .is-invalid input, .is-invalid select, .is-invalid textarea");
  if (first) { first.focus(); }
});
document.addEventListener("click", function (event) {
  var link = event.target.closest("#ringkasan-kesalahan a[href^='#']");
  var field = link && document.getElementById(link.getAttribute("href").slice(1));
  if (field) { event.preventDefault(); field.focus(); }
});
