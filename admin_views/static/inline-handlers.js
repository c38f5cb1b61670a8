// Flask-Admin writes a few inline onclick handlers (e.g. "Add" under inline forms) that our
// Content Security Policy rightly blocks; the same actions are bound here instead.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[onclick*='faForm.addInlineField']");
  if (!link || !window.faForm) { return; }
  var match = /addInlineField\(this,\s*'([^']+)'/.exec(link.getAttribute("onclick"));
  if (!match) { return; }
  event.preventDefault();
  window.faForm.addInlineField(link, match[1]);
});
