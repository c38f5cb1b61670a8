// Uploads on a phone: a file over its limit is refused before sending (the limit is named), a
// large photo is scaled down in the browser when a JPEG is accepted, and the form shows how far
// the upload has got. Without JavaScript the server applies the same limits.
(function () {
  "use strict";
  var PHOTOS = ["image/jpeg", "image/png", "image/webp"];
  var LONGEST_SIDE = 2400;
  var NONCE = document.currentScript ? document.currentScript.nonce : "";

  function human(bytes) {
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function say(input, text, bad) {
    var note = input.parentNode.querySelector(".upload-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "upload-note";
      note.setAttribute("role", bad ? "alert" : "status");
      input.insertAdjacentElement("afterend", note);
    }
    note.textContent = text;
    note.classList.toggle("bad", Boolean(bad));
  }

  function jpeg(canvas) {
    return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", 0.85); });
  }

  async function scaledDown(file, maxBytes) {
    var bitmap = await createImageBitmap(file);
    var scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
    for (var attempt = 0; attempt < 6; attempt += 1) {
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      var blob = await jpeg(canvas);
      if (blob && blob.size <= maxBytes) {
        return new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", {type: "image/jpeg"});
      }
      scale *= 0.7;
    }
    return null;
  }

  async function check(input) {
    var file = input.files[0];
    var maxBytes = Number(input.dataset.maxBytes);
    if (!file || file.size <= maxBytes) { return say(input, "", false); }
    var canShrink = PHOTOS.indexOf(file.type) >= 0 && input.dataset.jpeg === "1";
    var smaller = canShrink ? await scaledDown(file, maxBytes).catch(function () { return null; }) : null;
    if (smaller) {
      var chosen = new DataTransfer();
      chosen.items.add(smaller);
      input.files = chosen.files;
      return say(input, input.dataset.shrunk.replace("{from}", human(file.size))
        .replace("{to}", human(smaller.size)), false);
    }
    input.value = "";
    say(input, input.dataset.tooBig.replace("{size}", human(file.size)), true);
  }

  function showPage(request) {
    if (request.responseURL && request.responseURL !== request.sentTo) {
      window.location.replace(request.responseURL);  // the receipt (after a redirect)
      return;
    }
    document.open();
    document.write(request.responseText.replace(/nonce="[^"]*"/g, 'nonce="' + NONCE + '"'));
    document.close();
  }

  function send(form, submitter) {
    var bar = form.querySelector(".upload-progress") || document.createElement("progress");
    bar.className = "upload-progress";
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", form.dataset.progressLabel || "");
    form.appendChild(bar);
    var request = new XMLHttpRequest();
    request.sentTo = new URL(form.getAttribute("action") || window.location.href, window.location.href).href;
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { bar.value = Math.round(100 * event.loaded / event.total); }
    });
    request.addEventListener("load", function () { showPage(request); });
    request.addEventListener("error", function () {
      bar.remove();
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
      window.alert(form.dataset.sendFailed || "");
    });
    request.open("POST", request.sentTo);
    request.send(new FormData(form, submitter));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var inputs = document.querySelectorAll("input[type=file][data-max-bytes]");
    inputs.forEach(function (input) {
      input.addEventListener("change", function () { check(input); });
    });
    document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var chosen = Array.prototype.some.call(form.querySelectorAll("input[type=file]"),
          function (input) { return input.files.length > 0; });
        if (!chosen || !window.FormData || !window.XMLHttpRequest) { return; }
        event.preventDefault();
        window.setTimeout(function () { send(form, event.submitter); }, 0);
      });
    });
  });
}());
