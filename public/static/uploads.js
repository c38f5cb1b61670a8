// Each requirement's photo goes up on its own as soon as it is chosen, with a progress bar
// and a retry button, so a dropped connection costs one photo, never the form or the others.
// The page's sender (draft.js) waits for `window.layananUploads.settled()` before it submits.
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft]");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var jobs = [];

  function setState(job, state, text) {
    job.state = state;
    job.bar.hidden = state !== "sending";
    job.retry.hidden = state !== "failed";
    job.note.textContent = text || "";
    job.box.setAttribute("data-state", state);
  }

  function finished(job, xhr) {
    var answer = {};
    try { answer = JSON.parse(xhr.responseText || "{}"); } catch (error) { answer = {}; }
    if (xhr.status === 200) {
      job.input.value = "";  // received: the final submission need not carry it again
      setState(job, "done", "\u2713 " + form.getAttribute("data-msg-uploaded")
        .replace("%(name)s", answer.name).replace("%(size)s", answer.size));
      window.dispatchEvent(new CustomEvent("layanan:uploaded", {detail: answer}));
    } else if (xhr.status >= 400 && xhr.status < 500) {
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
      var xhr = new XMLHttpRequest();
      xhr.open("POST", job.input.getAttribute("data-upload-url"));
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) { job.bar.value = Math.round(100 * event.loaded / event.total); }
      });
      xhr.addEventListener("load", function () { finished(job, xhr); resolve(); });
      xhr.addEventListener("error", function () {
        setState(job, "failed", form.getAttribute("data-msg-failed"));
        resolve();
      });
      xhr.send(data);
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
      job.file = input.files.length ? input.files[0] : null;
      send(job);
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
})();
