// Maps of plots on Leaflet (loaded before this script), with the tile
// server's background when there is one. Each map replaces nothing: the
// list or text it enhances stays for a phone without JavaScript or offline.
//   [data-plot-map="<url of map.json>"]: every plot of the list, a dot
//     coloured by certification (a link to the plot's page in its popup),
//     and the outline of the plots whose shape was drawn;
//   [data-grid-map]: the dashboard's coarse cells ([data-cell] inside, with
//     data-lat, data-lon, data-n), drawn as circles with their count;
//   [data-plot-shape]: one plot (data-geometry GeoJSON, or data-lat/data-lon).
// Texts and the tile server come from this script's data-* attributes.
(function () {
  "use strict";
  var script = document.currentScript;
  var opts = script ? script.dataset : {};
  if (!window.L) { return; }

  var COLOURS = {
    organic: "#1f6f43", in_conversion: "#c28a00", suspended: "#a4161a",
    expired: "#7a5c5c", revoked: "#a4161a", none: "#5d6b73"
  };

  function newMap(element, options) {
    element.hidden = false;
    var map = L.map(element, Object.assign({ scrollWheelZoom: false, zoomControl: false }, options || {}));
    // the zoom buttons' names in the page's language; Leaflet's own credit
    // without its English tooltip
    L.control.zoom({ zoomInTitle: opts.msgZoomIn || "+", zoomOutTitle: opts.msgZoomOut || "−" }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (opts.tiles) {
      L.tileLayer(opts.tiles, { maxZoom: 19, attribution: opts.attribution || "" }).addTo(map);
    }
    // a map drawn inside a closed <details> has no size until it opens
    var details = element.closest("details");
    if (details) {
      details.addEventListener("toggle", function () {
        if (!details.open) { return; }
        var centre = map.getCenter(), zoom = map.getZoom();
        map.invalidateSize();
        map.setView(centre, zoom);
      });
    }
    return map;
  }

  function ringLatLngs(ring) {
    return ring.map(function (p) { return [p[1], p[0]]; });
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? "" : values[key];
    });
  }

  function legend(map, labels, used) {
    var box = L.control({ position: "bottomleft" });
    box.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend");
      Object.keys(labels).forEach(function (key) {
        if (!used[key]) { return; }
        var row = L.DomUtil.create("span", "map-legend-row", div);
        var dot = L.DomUtil.create("i", "", row);
        dot.style.background = COLOURS[key] || COLOURS.none;
        row.appendChild(document.createTextNode(labels[key]));
      });
      return div;
    };
    box.addTo(map);
  }

  function plotsMap(element) {
    var plotUrl = element.getAttribute("data-plot-url") || "";
    fetch(element.getAttribute("data-plot-map"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        var plots = data.plots || [];
        if (!plots.length) { return; }
        // SVG for a few hundred plots, one canvas beyond (thousands stay smooth on a cheap phone)
        var map = newMap(element, { preferCanvas: plots.length > 400 });
        var bounds = L.latLngBounds([]);
        var used = {};
        plots.forEach(function (p) {
          var id = p[0], lat = p[1], lon = p[2], category = p[3], code = p[4], name = p[5], ring = p[6];
          var colour = COLOURS[category] || COLOURS.none;
          used[category] = true;
          var popup = document.createElement("div");
          var title = document.createElement("strong");
          title.textContent = code + " " + name;
          var link = document.createElement("a");
          link.href = plotUrl.replace(/0$/, String(id));
          link.textContent = opts.msgOpen || "";
          popup.appendChild(title);
          popup.appendChild(document.createElement("br"));
          popup.appendChild(document.createTextNode((data.labels || {})[category] || ""));
          popup.appendChild(document.createElement("br"));
          popup.appendChild(link);
          if (ring) {
            var shape = L.polygon(ringLatLngs(ring), { color: colour, weight: 2, fillOpacity: 0.25, className: "plot-shape" });
            shape.bindPopup(popup).addTo(map);
            bounds.extend(shape.getBounds());
          }
          L.circleMarker([lat, lon], { radius: 7, color: "#fff", weight: 1.5, fillColor: colour, fillOpacity: 0.9, className: "plot-point" })
            .bindPopup(popup).addTo(map);
          bounds.extend([lat, lon]);
        });
        legend(map, data.labels || {}, used);
        map.fitBounds(bounds.pad(0.1), { maxZoom: 16 });
        element.setAttribute("data-plots-shown", String(plots.length));
      })
      .catch(function () { element.hidden = true; });
  }

  function gridMap(element) {
    var cells = Array.prototype.map.call(element.querySelectorAll("[data-cell]"), function (c) {
      return { lat: parseFloat(c.getAttribute("data-lat")), lon: parseFloat(c.getAttribute("data-lon")), n: parseInt(c.getAttribute("data-n"), 10) };
    }).filter(function (c) { return isFinite(c.lat) && isFinite(c.lon) && c.n > 0; });
    if (!cells.length) { return; }
    var holder = document.createElement("div");
    holder.className = "plot-map";
    element.insertAdjacentElement("afterend", holder);
    var map = newMap(holder);
    var top = Math.max.apply(null, cells.map(function (c) { return c.n; }));
    var bounds = L.latLngBounds([]);
    cells.forEach(function (c) {
      var circle = L.circle([c.lat, c.lon], {
        radius: 1500 + 3500 * Math.sqrt(c.n / top), color: COLOURS.organic, weight: 1, fillOpacity: 0.45, className: "grid-cell"
      }).addTo(map);
      circle.bindTooltip(String(c.n), { permanent: true, direction: "center", className: "grid-count" });
      bounds.extend(circle.getLatLng());
    });
    map.fitBounds(bounds.pad(0.3), { maxZoom: 11 });
    element.hidden = true;
  }

  function shapeMap(element) {
    var geometry = null;
    try { geometry = JSON.parse(element.getAttribute("data-geometry") || "null"); } catch (e) { geometry = null; }
    var lat = parseFloat(element.getAttribute("data-lat")), lon = parseFloat(element.getAttribute("data-lon"));
    var map;
    if (geometry && geometry.type === "Polygon" && geometry.coordinates && geometry.coordinates[0]) {
      map = newMap(element);
      var shape = L.polygon(ringLatLngs(geometry.coordinates[0]), { color: COLOURS.organic, weight: 2, fillOpacity: 0.25, className: "plot-shape" }).addTo(map);
      map.fitBounds(shape.getBounds(), { maxZoom: 18 });
    } else if (geometry && geometry.type === "Point") {
      map = newMap(element);
      L.circleMarker([geometry.coordinates[1], geometry.coordinates[0]], { radius: 8, color: "#fff", fillColor: COLOURS.organic, fillOpacity: 0.9, className: "plot-point" }).addTo(map);
      map.setView([geometry.coordinates[1], geometry.coordinates[0]], 16);
    } else if (isFinite(lat) && isFinite(lon)) {
      map = newMap(element);
      L.circleMarker([lat, lon], { radius: 8, color: "#fff", fillColor: COLOURS.organic, fillOpacity: 0.9, className: "plot-point" }).addTo(map);
      map.setView([lat, lon], 16);
    }
  }

  window.PansukMap = { newMap: newMap, fill: fill };
  Array.prototype.forEach.call(document.querySelectorAll("[data-plot-map]"), plotsMap);
  Array.prototype.forEach.call(document.querySelectorAll("[data-grid-map]"), gridMap);
  Array.prototype.forEach.call(document.querySelectorAll("[data-plot-shape]"), shapeMap);
})();
