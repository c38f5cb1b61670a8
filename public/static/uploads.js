// Every citizen upload: a file over its limit is refused before it is sent (the limit named), a
// large photo is scaled down to a JPEG in the browser when the requirement accepts JPEG, and the
// upload shows its progress. On the apply form each photo goes up on its own as soon as it is
// chosen, with a retry button, so a dropped connection costs one photo, never the form; the
// page's sender (draft.js) waits for `window.layananUploads.settled()` before it submits. Other
// forms with files (correction, registration, family) are sent whole with one progress bar.
// Without JavaScript the server applies the same limits.
(function () {
  "use strict";
  if (!window.FormData || !window.XMLHttpRequest) { return; }
  var PHOTOS = ["image/jpeg", "image/png", "image/webp"];
  var LONGEST_SIDE = 2400;

  function human(bytes) {
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function say(input, text, bad) {
    var note = input.parentNode.querySelector(".upload-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "upload-note";
      input.insertAdjacentElement("afterend", note);
    }
    note.setAttribute("role", bad ? "alert" : "status");
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

  // The file to send for this input: as chosen, scaled down to fit, or null (refused or none).
  async function prepared(input) {
    var file = input.files[0];
    var maxBytes = Number(input.getAttribute("data-max-bytes"));
    if (!file || !maxBytes || file.size <= maxBytes) {
      say(input, "", false);
      return file || null;
    }
    var canShrink = PHOTOS.indexOf(file.type) >= 0 && input.getAttribute("data-jpeg") === "1";
    var smaller = canShrink ? await scaledDown(file, maxBytes).catch(function () { return null; }) : null;
    if (smaller) {
      say(input, input.getAttribute("data-shrunk").replace("{from}", human(file.size))
        .replace("{to}", human(smaller.size)), false);
      return smaller;
    }
    input.value = "";
    say(input, input.getAttribute("data-too-big").replace("{size}", human(file.size)), true);
    return null;
  }

  function post(url, data, bar, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { bar.value = Math.round(100 * event.loaded / event.total); }
    });
    xhr.addEventListener("load", function () { done(xhr, true); });
    xhr.addEventListener("error", function () { done(xhr, false); });
    xhr.send(data);
    return xhr;
  }

  // --- The apply form: each photo on its own -------------------------------------------------
  function oneByOne(form) {
    var jobs = [];

    function setState(job, state, text) {
      job.state = state;
      job.bar.hidden = state !== "sending";
      job.retry.hidden = state !== "failed";
      job.note.textContent = text || "";
      job.box.setAttribute("data-state", state);
    }

    function finished(job, xhr, reached) {
      var answer = {};
      try { answer = JSON.parse(xhr.responseText || "{}"); } catch (error) { answer = {}; }
      if (reached && xhr.status === 200) {
        job.input.value = "";  // received: the final submission need not carry it again
        setState(job, "done", "\u2713 " + form.getAttribute("data-msg-uploaded")
          .replace("%(name)s", answer.name).replace("%(size)s", answer.size));
        window.dispatchEvent(new CustomEvent("layanan:uploaded", {detail: answer}));
      } else if (reached && xhr.status >= 400 && xhr.status < 500) {
        job.input.value = "";
        setState(job, "refused", answer.error || form.getAttribute("data-msg-refused"));
      } else {
        setState(job, "failed", form.getAttribute("data-msg-failed"));
      }
    }

    function send(job) {
      if (!job.file) { return Promise.resolve(); }
      var data = new FormData();
      data.append("csrf_token", form.elements.csrf_token.value);
      data.append("form_token", form.elements.form_token.value);
      data.append(job.input.name, job.file, job.file.name);
      setState(job, "sending", form.getAttribute("data-msg-sending"));
      job.bar.value = 0;
      job.promise = new Promise(function (resolve) {
        post(job.input.getAttribute("data-upload-url"), data, job.bar, function (xhr, reached) {
          finished(job, xhr, reached);
          resolve();
        });
      });
      return job.promise;
    }

    function track(input) {
      var job = {input: input, file: null, state: "idle", promise: Promise.resolve()};
      job.box = document.createElement("div");
      job.box.className = "upload-state";
      job.bar = document.createElement("progress");
      job.bar.max = 100;
      job.bar.setAttribute("aria-label", input.getAttribute("data-progress-label") || "");
      job.note = document.createElement("span");
      job.note.setAttribute("role", "status");
      job.retry = document.createElement("button");
      job.retry.type = "button";
      job.retry.className = "secondary";
      job.retry.textContent = form.getAttribute("data-msg-retry");
      var label = form.querySelector("label[for='" + input.id + "']");
      var name = label ? label.textContent.replace("*", "").trim() : input.name;
      job.retry.setAttribute("aria-label", job.retry.textContent + ": " + name);
      job.box.append(job.bar, job.note, job.retry);
      input.insertAdjacentElement("afterend", job.box);
      setState(job, "idle", "");
      input.addEventListener("change", function () {
        setState(job, "idle", "");
        job.promise = prepared(input).then(function (file) {
          job.file = file;
          return send(job);
        });
      });
      job.retry.addEventListener("click", function () { send(job); });
      jobs.push(job);
    }

    form.querySelectorAll("input[type=file][data-upload-url]").forEach(track);
    window.addEventListener("online", function () {
      jobs.filter(function (job) { return job.state === "failed"; }).forEach(send);
    });

    window.layananUploads = {
      // Resolves once every chosen photo is received or refused; rejects while one cannot go.
      settled: function () {
        jobs.filter(function (job) { return job.state === "failed"; }).forEach(send);
        return Promise.all(jobs.map(function (job) { return job.promise; })).then(function () {
          if (jobs.some(function (job) { return job.state === "failed"; })) {
            throw new Error("upload failed");
          }
        });
      }
    };
  }

  // --- Other forms: the whole form with one progress bar ----------------------------------------
  function showPage(xhr, sentTo) {
    if (xhr.responseURL && xhr.responseURL !== sentTo) {
      window.location.replace(xhr.responseURL);  // the next page (after a redirect)
      return;
    }
    document.open();
    document.write(xhr.responseText);  // its scripts are files of this site: CSP 'self' allows them
    document.close();
  }

  function whole(form) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type=file]"));
    var files = {};
    inputs.forEach(function (input) {
      input.addEventListener("change", function () { files[input.name] = prepared(input); });
    });

    async function send(submitter) {
      var bar = form.querySelector("progress.upload-progress") || document.createElement("progress");
      bar.className = "upload-progress";
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", form.getAttribute("data-progress-label") || "");
      form.appendChild(bar);
      var names = Object.keys(files);
      var chosen = await Promise.all(names.map(function (name) { return files[name]; }));
      var data = new FormData(form, submitter);  // after the checks: a refused file is gone
      names.forEach(function (name, index) {
        if (chosen[index]) { data.set(name, chosen[index], chosen[index].name); }
      });
      var sentTo = new URL(form.getAttribute("action") || window.location.href, window.location.href).href;
      post(sentTo, data, bar, function (xhr, reached) {
        if (reached) { showPage(xhr, sentTo); return; }
        bar.remove();
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
        window.alert(form.getAttribute("data-send-failed") || "");
      });
    }

    form.addEventListener("submit", function (event) {
      if (!inputs.some(function (input) { return input.files.length > 0; })) { return; }
      event.preventDefault();
      window.setTimeout(function () { send(event.submitter); }, 0);  // after the other handlers
    });
  }

  function start() {
    document.querySelectorAll("form[data-draft]").forEach(oneByOne);
    document.querySelectorAll("form[data-upload-progress]").forEach(whole);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
