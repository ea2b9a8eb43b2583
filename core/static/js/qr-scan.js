// The phone camera as a QR reader for any <input data-qr-scan>: a "scan with
// the camera" button opens the rear camera, reads the code (the browser's
// BarcodeDetector where it has one, else the jsQR library, loaded only then),
// fills the input and submits its form. With data-qr-open-links, a scanned
// address of this site is opened instead (a booking's QR at the check-in
// desk). Without a camera, or when the camera is refused, a message says so
// and the typed code keeps working. The texts come, translated, from this
// script's data-msg-* attributes.
(function () {
  "use strict";
  var script = document.currentScript;
  var text = script ? script.dataset : {};
  var jsqrUrl = text.jsqr || "";

  function hasDetector() {
    return "BarcodeDetector" in window;
  }

  // One decoder: BarcodeDetector for QR codes, or jsQR over canvas frames.
  function makeDecoder() {
    if (hasDetector()) {
      return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") < 0) { return jsqrDecoder(); }
        var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        return function (video) {
          return detector.detect(video).then(function (codes) {
            return codes.length ? codes[0].rawValue : null;
          });
        };
      }, jsqrDecoder);
    }
    return jsqrDecoder();
  }

  var jsqrLoading = null;
  function loadJsqr() {
    if (window.jsQR) { return Promise.resolve(window.jsQR); }
    if (!jsqrUrl) { return Promise.reject(new Error("no-decoder")); }
    if (!jsqrLoading) {
      jsqrLoading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = jsqrUrl;
        tag.onload = function () { return window.jsQR ? resolve(window.jsQR) : reject(new Error("no-decoder")); };
        tag.onerror = function () { jsqrLoading = null; reject(new Error("no-decoder")); };
        document.head.appendChild(tag);
      });
    }
    return jsqrLoading;
  }

  function jsqrDecoder() {
    return loadJsqr().then(function (jsQR) {
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function (video) {
        var width = video.videoWidth, height = video.videoHeight;
        if (!width || !height) { return Promise.resolve(null); }
        var scale = Math.min(1, 800 / Math.max(width, height));
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var found = jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" });
        return Promise.resolve(found && found.data ? found.data : null);
      };
    });
  }

  function cameraProblem(error) {
    var name = error && error.name;
    if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") {
      return text.msgDenied;
    }
    if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") {
      return text.msgNoCamera;
    }
    if (error && error.message === "no-decoder") { return text.msgNoDecoder; }
    return text.msgFailed;
  }

  function sameSiteLink(value) {
    try {
      var url = new URL(value, window.location.href);
      return url.origin === window.location.origin && /^https?:$/.test(url.protocol) ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function enhance(input) {
    if (!hasDetector() && !jsqrUrl) { return; }  // nothing could read a code: typing it is the way
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary qr-scan-button";
    button.textContent = text.msgScan;
    button.setAttribute("data-test", "qr-scan");

    var panel = document.createElement("div");
    panel.className = "qr-scan";
    panel.hidden = true;
    var video = document.createElement("video");
    video.setAttribute("playsinline", "");
    video.muted = true;
    var hint = document.createElement("p");
    hint.className = "qr-scan-hint";
    hint.textContent = text.msgPoint;
    var stopButton = document.createElement("button");
    stopButton.type = "button";
    stopButton.className = "secondary";
    stopButton.textContent = text.msgStop;
    panel.appendChild(video);
    panel.appendChild(hint);
    panel.appendChild(stopButton);

    var message = document.createElement("p");
    message.className = "qr-scan-message";
    message.setAttribute("role", "alert");
    message.setAttribute("data-test", "qr-scan-message");
    message.hidden = true;

    var anchor = input.form || input;
    input.insertAdjacentElement("afterend", button);
    anchor.insertAdjacentElement("afterend", message);
    anchor.insertAdjacentElement("afterend", panel);

    var stream = null, running = false;

    function stop() {
      running = false;
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      stream = null;
      video.srcObject = null;
      panel.hidden = true;
      button.disabled = false;
    }

    function say(words) {
      message.textContent = words;
      message.hidden = false;
      input.focus();
    }

    function found(value) {
      stop();
      var link = input.hasAttribute("data-qr-open-links") ? sameSiteLink(value) : null;
      if (link) {
        window.location.assign(link);
        return;
      }
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      if (input.form) {
        if (input.form.requestSubmit) { input.form.requestSubmit(); } else { input.form.submit(); }
      }
    }

    function scan(decode) {
      if (!running) { return; }
      decode(video).then(function (value) {
        if (!running) { return; }
        if (value) { found(value); } else { window.setTimeout(function () { scan(decode); }, 150); }
      }, function () {
        if (running) { window.setTimeout(function () { scan(decode); }, 300); }
      });
    }

    button.addEventListener("click", function () {
      message.hidden = true;
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        say(text.msgUnsupported);
        return;
      }
      button.disabled = true;
      var decoder = makeDecoder();
      decoder.catch(function () {});  // reported below, once the camera question is answered
      navigator.mediaDevices
        .getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false })
        .then(function (media) {
          stream = media;
          running = true;
          panel.hidden = false;
          video.srcObject = media;
          return Promise.all([video.play(), decoder]);
        })
        .then(function (results) { scan(results[1]); })
        .catch(function (error) {
          stop();
          say(cameraProblem(error));
        });
    });
    stopButton.addEventListener("click", stop);
    window.addEventListener("pagehide", stop);
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-qr-scan]"), enhance);
})();
