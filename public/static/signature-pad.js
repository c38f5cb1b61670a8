// The signature pad of the registration page: draw with a mouse, a pen or a finger.
// Each finished stroke writes the drawing as a PNG data: URL into a hidden field, which the
// server checks like an uploaded image. Without JavaScript the pad stays hidden and the file
// input next to it does the job on its own (keyboard users use that input too).
(function () {
  "use strict";

  function setUp(pad) {
    var canvas = pad.querySelector("canvas");
    var output = pad.querySelector("input[type=hidden]");
    var fileInput = document.getElementById(pad.getAttribute("data-signature-pad"));
    var context = canvas.getContext("2d");
    var last = null;

    function blank() {
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      output.value = "";
    }

    // Pointer position in canvas pixels (the canvas is scaled by CSS).
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {x: (event.clientX - box.left) * canvas.width / box.width,
              y: (event.clientY - box.top) * canvas.height / box.height};
    }

    function strokeTo(next) {
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
      last = next;
    }

    function start(event) {
      if (event.button !== 0) { return; }
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      last = point(event);
      strokeTo({x: last.x + 0.5, y: last.y});  // a tap leaves a dot
      if (fileInput) { fileInput.value = ""; }  // the latest choice wins: now the drawing
    }

    function move(event) {
      if (last === null) { return; }
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      (events.length ? events : [event]).forEach(function (each) { strokeTo(point(each)); });
    }

    function finish() {
      if (last === null) { return; }
      last = null;
      output.value = canvas.toDataURL("image/png");
    }

    blank();
    context.lineWidth = 3;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#1c2430";
    canvas.addEventListener("pointerdown", start);
    canvas.addEventListener("pointermove", move);
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    pad.querySelector("[data-signature-clear]").addEventListener("click", blank);
    if (fileInput) {
      fileInput.addEventListener("change", function () {
        if (fileInput.files.length) { blank(); }  // a chosen file replaces the drawing
      });
    }
    pad.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-signature-pad]").forEach(setUp);
  });
}());
