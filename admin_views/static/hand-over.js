// "Serahkan": the NIK and power-of-attorney fields show only when someone other than the
// applicant collects the letter, and the officer confirms before the hand-over is recorded.
document.addEventListener("DOMContentLoaded", function () {
  var fields = document.querySelector("[data-proxy-fields]");
  var toggles = document.querySelectorAll("[data-proxy-toggle]");
  function showProxyFields() {
    var proxy = document.getElementById("pengambil-kuasa");
    if (fields && proxy) { fields.hidden = !proxy.checked; }
  }
  toggles.forEach(function (toggle) { toggle.addEventListener("change", showProxyFields); });
  showProxyFields();
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
