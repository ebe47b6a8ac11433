/* Stories, transcripts: the review editor's "Play from 01:23" controls seek the page's player and
   play, instead of opening the recording on its own (what the link does without JavaScript). */
(function () {
  "use strict";
  var player = document.getElementById("st-transcripts-audio");
  if (!player) { return; }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.st-transcripts-play") : null;
    if (!link) { return; }
    var start = parseFloat(link.getAttribute("data-start"));
    if (isNaN(start)) { return; }
    event.preventDefault();
    var seek = function () {
      try { player.currentTime = start; } catch (e) { return; }
      var playing = player.play();
      if (playing && playing.catch) { playing.catch(function () {}); }
    };
    if (player.readyState >= 1) { seek(); } else {
      player.addEventListener("loadedmetadata", seek, { once: true });
      player.load();
    }
    player.focus();
  });
}());
