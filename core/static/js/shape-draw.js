// Drawing a plot's shape on a map, for any <textarea data-map-draw> holding a
// GeoJSON Polygon ([longitude, latitude] positions, the ring closed): the
// textarea is hidden and a map shown where each tap adds a corner. The area
// is shown as the shape grows (approximate, in rai–ngan–square wa and m²,
// computed as the server does), a warning when the outline crosses itself,
// and the GeoJSON is written back into the textarea at every change (the
// server checks it again). Needs plot-map.js (window.PansukMap) before it;
// without Leaflet the textarea stays as it is. Texts come from this
// script's data-msg-* attributes.
(function () {
  "use strict";
  var script = document.currentScript;
  var text = script ? script.dataset : {};
  if (!window.L || !window.PansukMap) { return; }

  var EARTH = 6371008.8, SQM_PER_RAI = 1600, SQM_PER_NGAN = 400, SQM_PER_WA = 4;
  var THAILAND = [13.0, 101.0];

  // Square metres of a ring of [lon, lat] (equirectangular at its mean
  // latitude, as producers.pgs.geo.polygon_area_sqm).
  function areaSqm(ring) {
    var lat0 = 0;
    ring.forEach(function (p) { lat0 += p[1]; });
    lat0 = (lat0 / ring.length) * Math.PI / 180;
    var pts = ring.map(function (p) {
      return [p[0] * Math.PI / 180 * EARTH * Math.cos(lat0), p[1] * Math.PI / 180 * EARTH];
    });
    var twice = 0;
    for (var i = 0; i + 1 < pts.length; i++) {
      twice += pts[i][0] * pts[i + 1][1] - pts[i + 1][0] * pts[i][1];
    }
    return Math.round(Math.abs(twice) / 2);
  }

  function orientation(a, b, c) {
    var v = (b[1] - a[1]) * (c[0] - b[0]) - (b[0] - a[0]) * (c[1] - b[1]);
    return v > 0 ? 1 : v < 0 ? -1 : 0;
  }

  function onSegment(a, b, c) {
    return Math.min(a[0], c[0]) <= b[0] && b[0] <= Math.max(a[0], c[0]) &&
      Math.min(a[1], c[1]) <= b[1] && b[1] <= Math.max(a[1], c[1]);
  }

  function segmentsCross(p1, p2, q1, q2) {
    var o1 = orientation(p1, p2, q1), o2 = orientation(p1, p2, q2);
    var o3 = orientation(q1, q2, p1), o4 = orientation(q1, q2, p2);
    if (o1 !== o2 && o3 !== o4) { return true; }
    return (o1 === 0 && onSegment(p1, q1, p2)) || (o2 === 0 && onSegment(p1, q2, p2)) ||
      (o3 === 0 && onSegment(q1, p1, q2)) || (o4 === 0 && onSegment(q1, p2, q2));
  }

  // Whether the closed outline through these corners crosses itself (edges
  // that are not neighbours meet).
  function crossesItself(corners) {
    var n = corners.length;
    if (n < 4) { return false; }
    for (var i = 0; i < n; i++) {
      for (var j = i + 1; j < n; j++) {
        if (j === i + 1 || (i === 0 && j === n - 1)) { continue; }
        if (segmentsCross(corners[i], corners[(i + 1) % n], corners[j], corners[(j + 1) % n])) { return true; }
      }
    }
    return false;
  }

  function grouped(number) {
    return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function areaText(sqm) {
    var rai = Math.floor(sqm / SQM_PER_RAI), rest = sqm % SQM_PER_RAI;
    var ngan = Math.floor(rest / SQM_PER_NGAN);
    var wa = Math.round((rest % SQM_PER_NGAN) / SQM_PER_WA * 100) / 100;
    return window.PansukMap.fill(text.msgArea, { rai: grouped(rai), ngan: ngan, wa: wa, sqm: grouped(sqm) });
  }

  function cornersFrom(value) {
    try {
      var shape = JSON.parse(value);
      if (shape && shape.type === "Feature") { shape = shape.geometry; }
      if (!shape || shape.type !== "Polygon" || !shape.coordinates || !shape.coordinates[0]) { return []; }
      var ring = shape.coordinates[0].map(function (p) { return [Number(p[0]), Number(p[1])]; });
      var last = ring[ring.length - 1];
      if (ring.length > 1 && last[0] === ring[0][0] && last[1] === ring[0][1]) { ring.pop(); }
      return ring.filter(function (p) { return isFinite(p[0]) && isFinite(p[1]); });
    } catch (e) {
      return [];
    }
  }

  function round7(x) { return Math.round(x * 1e7) / 1e7; }

  function button(label, test) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary";
    b.textContent = label;
    b.setAttribute("data-test", test);
    return b;
  }

  function enhance(area) {
    var box = document.createElement("div");
    box.className = "map-draw";
    var hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = text.msgHint;
    var holder = document.createElement("div");
    holder.className = "plot-map map-draw-map";
    holder.setAttribute("data-test", "draw-map");
    var status = document.createElement("p");
    status.className = "map-draw-area";
    status.setAttribute("data-test", "draw-area");
    status.setAttribute("aria-live", "polite");
    var warning = document.createElement("p");
    warning.className = "map-draw-warning";
    warning.setAttribute("role", "alert");
    warning.setAttribute("data-test", "draw-warning");
    warning.hidden = true;
    var actions = document.createElement("p");
    actions.className = "actions";
    var undo = button(text.msgUndo, "draw-undo");
    var clear = button(text.msgClear, "draw-clear");
    var here = button(text.msgHere, "draw-here");
    actions.appendChild(undo);
    actions.appendChild(clear);
    if (navigator.geolocation) { actions.appendChild(here); }
    [hint, holder, status, warning, actions].forEach(function (el) { box.appendChild(el); });
    area.insertAdjacentElement("afterend", box);
    area.hidden = true;

    var map = window.PansukMap.newMap(holder, { doubleClickZoom: false });
    var corners = cornersFrom(area.value);  // [lon, lat]
    var outline = L.polygon([], { color: "#1f6f43", weight: 2, fillOpacity: 0.2, className: "draw-shape" }).addTo(map);
    var dots = L.layerGroup().addTo(map);

    function write() {
      var latlngs = corners.map(function (p) { return [p[1], p[0]]; });
      outline.setLatLngs(latlngs);
      dots.clearLayers();
      latlngs.forEach(function (ll) {
        L.circleMarker(ll, { radius: 6, color: "#1f6f43", weight: 2, fillColor: "#fff", fillOpacity: 1, className: "draw-corner" }).addTo(dots);
      });
      var crossing = crossesItself(corners);
      warning.textContent = crossing ? text.msgCrossing : "";
      warning.hidden = !crossing;
      box.classList.toggle("has-error", crossing);
      if (corners.length < 3) {
        area.value = "";
        status.textContent = text.msgMore;
      } else {
        var ring = corners.map(function (p) { return [round7(p[0]), round7(p[1])]; });
        ring.push(ring[0].slice());
        area.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
        status.textContent = areaText(areaSqm(ring));
      }
      undo.disabled = clear.disabled = corners.length === 0;
      area.dispatchEvent(new Event("change", { bubbles: true }));
    }

    map.on("click", function (event) {
      corners.push([event.latlng.lng, event.latlng.lat]);
      write();
    });
    undo.addEventListener("click", function () { corners.pop(); write(); });
    clear.addEventListener("click", function () { corners = []; write(); });
    here.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        map.setView([position.coords.latitude, position.coords.longitude], 18);
      }, function () {
        warning.textContent = text.msgNoLocation;
        warning.hidden = false;
      }, { enableHighAccuracy: true, timeout: 15000 });
    });

    // where to start: the shape, else the form's typed coordinates, else the country
    var form = area.form;
    var lat = form && form.elements.lat ? parseFloat(form.elements.lat.value) : NaN;
    var lon = form && form.elements.lon ? parseFloat(form.elements.lon.value) : NaN;
    if (corners.length) {
      map.fitBounds(L.latLngBounds(corners.map(function (p) { return [p[1], p[0]]; })), { maxZoom: 18 });
    } else if (isFinite(lat) && isFinite(lon)) {
      map.setView([lat, lon], 17);
    } else {
      map.setView(THAILAND, 6);
    }
    if (corners.length) { write(); } else { status.textContent = text.msgMore; undo.disabled = clear.disabled = true; }
  }

  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-map-draw]"), enhance);
})();
