// The map of places (networks of care). The page is a list of places by area; this file draws
// the same places on a Leaflet map above it. It reads the places from the page's
// <script type="application/json"> block (json_script), never from another site. Tiles come only
// from the server named in the data (MAP_TILES_URL); with none, the map has a plain background.
(function () {
  "use strict";

  function text(tag, value, className) {
    var element = document.createElement(tag);
    element.textContent = value;
    if (className) { element.className = className; }
    return element;
  }

  function popupFor(place) {
    var box = document.createElement("div");
    var title = document.createElement("p");
    title.className = "net-places-popup-name";
    if (place.url) {
      var link = text("a", place.name);
      link.href = place.url;
      title.appendChild(link);
    } else {
      title.textContent = place.name;
    }
    box.appendChild(title);
    box.appendChild(text("p", place.kindLabel + (place.area ? " · " + place.area : ""), "net-places-popup-kind"));
    return box;
  }

  function escapeHtml(value) {
    var element = document.createElement("span");
    element.textContent = value;
    return element.innerHTML;
  }

  function draw(box) {
    var source = document.getElementById(box.getAttribute("data-source"));
    if (!source || !window.L) { return; }
    var data = JSON.parse(source.textContent);
    var places = data.places || [];
    var visits = data.visits || [];
    if (!places.length && !visits.length) { return; }
    box.hidden = false;
    var note = box.parentNode.querySelector("[data-net-places-note]");
    if (note) { note.hidden = false; }

    // No fading or zoom animation: calmer for people who find motion hard, and a popup is readable at once.
    var map = L.map(box, { scrollWheelZoom: false, fadeAnimation: false, zoomAnimation: false, markerZoomAnimation: false });
    var credits = [];
    if (data.tiles && data.tiles.url) {
      L.tileLayer(data.tiles.url, { maxZoom: 19, attribution: escapeHtml(data.tiles.attribution || "") }).addTo(map);
    } else {
      box.classList.add("net-places-map--plain");
    }
    (data.attribution || []).forEach(function (line) { credits.push(escapeHtml(line)); });
    if (credits.length) { map.attributionControl.addAttribution(credits.join(" ")); }

    var bounds = [];
    var placeLayer = L.layerGroup();
    places.forEach(function (place) {
      var marker = L.circleMarker([place.lat, place.lon], {
        radius: 9, weight: 2, fillOpacity: 0.85,
        className: "net-places-marker net-places-marker--" + place.kind
      });
      marker.bindPopup(popupFor(place));
      marker.bindTooltip(place.name);
      marker.addTo(placeLayer);
      bounds.push([place.lat, place.lon]);
    });
    placeLayer.addTo(map);

    var overlays = {};
    overlays[data.labels.places] = placeLayer;
    if (visits.length) {
      var visitLayer = L.layerGroup();
      visits.forEach(function (visit) {
        var label = data.labels.visitsIn.replace("%(count)s", visit.count).replace("%(area)s", visit.district);
        var circle = L.circleMarker([visit.lat, visit.lon], {
          radius: 10 + 4 * Math.sqrt(visit.count), weight: 2, fillOpacity: 0.25, className: "net-places-visits-marker"
        });
        circle.bindPopup(text("p", label));
        circle.bindTooltip(label);
        circle.addTo(visitLayer);
        bounds.push([visit.lat, visit.lon]);
      });
      visitLayer.addTo(map);
      overlays[data.labels.visits] = visitLayer;
      L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    }
    if (bounds.length === 1) {
      map.setView(bounds[0], 15);
    } else {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    }
  }

  function start() {
    document.querySelectorAll("[data-net-places-map]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
