// The apply form keeps what was typed in this browser (localStorage) until it is sent, so a
// dropped connection or a closed tab loses nothing: reopening the form offers to continue.
// A submission without a connection is not faked: the page says it waits for the connection
// and sends the form itself once the connection is back.
(function () {
  "use strict";
  var PREFIX = "layanan-isian:";
  var done = document.querySelector("[data-draft-done]");
  var store = window.localStorage;
  if (done && store) { store.removeItem(PREFIX + done.getAttribute("data-draft-done")); }
  var form = document.querySelector("form[data-draft]");
  if (!form || !store) { return; }
  var key = PREFIX + form.getAttribute("data-draft");
  var banner = document.getElementById("isian-tersimpan");
  var sendingNote = document.getElementById("status-kirim");
  var SKIPPED = {csrf_token: true};

  function kept(element) {
    return element.name && !SKIPPED[element.name] &&
      ["file", "submit", "button"].indexOf(element.type) < 0;
  }
  function elements() { return Array.prototype.filter.call(form.elements, kept); }
  function read() {
    try { return JSON.parse(store.getItem(key) || "null"); } catch (error) { return null; }
  }
  function values() {
    var found = {};
    elements().forEach(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        found[element.name] = found[element.name] || [];
        if (element.checked) { found[element.name].push(element.value); }
      } else {
        found[element.name] = element.value;
      }
    });
    return found;
  }
  function save(uploads) {
    var draft = read() || {};
    draft.values = values();
    draft.uploads = uploads || draft.uploads || {};
    store.setItem(key, JSON.stringify(draft));
  }
  function restore(draft) {
    elements().forEach(function (element) {
      var value = draft.values[element.name];
      if (value === undefined) { return; }
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = value.indexOf(element.value) >= 0;
      } else {
        element.value = value;
      }
    });
    Object.keys(draft.uploads || {}).forEach(function (name) {
      var input = form.querySelector("input[type=file][name='" + name + "']");
      var upload = draft.uploads[name];
      if (!input) { return; }
      var note = document.createElement("p");
      note.className = "uploaded";
      note.textContent = "\u2713 " + form.getAttribute("data-msg-uploaded")
        .replace("%(name)s", upload.name).replace("%(size)s", upload.size);
      input.insertAdjacentElement("beforebegin", note);
    });
  }
  function differs(draft) {
    var now = values();
    return draft && draft.values && Object.keys(draft.values).some(function (name) {
      return name !== "form_token" && JSON.stringify(draft.values[name]) !== JSON.stringify(now[name]) &&
        draft.values[name] !== "" && !(Array.isArray(draft.values[name]) && !draft.values[name].length);
    });
  }

  var earlier = read();
  if (banner && differs(earlier)) {
    banner.hidden = false;
    banner.querySelector("[data-resume]").addEventListener("click", function () {
      restore(earlier);
      banner.hidden = true;
    });
    banner.querySelector("[data-forget]").addEventListener("click", function () {
      store.removeItem(key);
      banner.hidden = true;
    });
  } else {
    store.setItem(key, JSON.stringify({values: values(), uploads: {}}));
  }
  form.addEventListener("input", function () { save(); });
  form.addEventListener("change", function () { save(); });
  window.addEventListener("layanan:uploaded", function (event) {
    var draft = read() || {};
    var uploads = draft.uploads || {};
    uploads["doc_" + event.detail.key] = {name: event.detail.name, size: event.detail.size};
    save(uploads);
  });

  // Sending: first make sure the server can be reached and every photo is in, then submit.
  function reachable() {
    return fetch("/sw.js", {method: "HEAD", cache: "no-store", credentials: "same-origin"})
      .then(function (response) { return response.ok; }, function () { return false; });
  }
  function say(text) {
    if (!sendingNote) { return; }
    sendingNote.hidden = !text;
    sendingNote.textContent = text || "";
  }
  var waiting = false;
  function trySend() {
    reachable().then(function (online) {
      if (!online) { throw new Error("offline"); }
      return window.layananUploads ? window.layananUploads.settled() : null;
    }).then(function () {
      waiting = false;
      say(form.getAttribute("data-msg-sending-form"));
      save();
      HTMLFormElement.prototype.submit.call(form);
    }).catch(function () {
      waiting = true;
      say(form.getAttribute("data-msg-offline"));
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = false;
      });
      window.setTimeout(function () { if (waiting) { trySend(); } }, 15000);
    });
  }
  window.addEventListener("online", function () { if (waiting) { trySend(); } });
  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.Promise) { return; }
    event.preventDefault();
    trySend();
  });
})();
