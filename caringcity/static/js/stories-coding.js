// Coding an interview (stories, coding part). The page works without this file: under each turn a
// small form takes the words to code, copied by hand. With it, selecting words inside a turn (with
// the mouse, or with Shift and the arrow keys) fills that turn's form: the words and where they
// start and end. The server checks that the words are really there, so nothing here is trusted.
(function () {
  "use strict";

  // The theme names written after coded words are not part of the turn's text: leave them out.
  function textOf(fragment) {
    var skipped = fragment.querySelectorAll("[data-st-coding-skip]");
    for (var i = 0; i < skipped.length; i += 1) { skipped[i].parentNode.removeChild(skipped[i]); }
    return fragment.textContent;
  }

  function offsetOf(container, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return textOf(range.cloneContents()).length;
  }

  function field(form, name) {
    return form.querySelector("[name$='-" + name + "']");
  }

  function fill(container, range) {
    var form = document.getElementById(container.getAttribute("data-st-coding-text"));
    if (!form) { return; }
    var words = textOf(range.cloneContents());
    var start = offsetOf(container, range.startContainer, range.startOffset);
    var lead = words.length - words.replace(/^\s+/, "").length;
    words = words.trim();
    if (!words) { return; }
    start += lead;
    field(form, "words").value = words;
    field(form, "start").value = String(start);
    field(form, "end").value = String(start + words.length);
    var occurrence = field(form, "occurrence");
    if (occurrence) { occurrence.value = ""; }
    var details = form.closest("details");
    if (details && !details.open) { details.open = true; }
  }

  function onSelection() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    var start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentNode;
    var container = start.closest("[data-st-coding-text]");
    if (!container || !container.contains(range.endContainer)) { return; }
    fill(container, range);
  }

  // Typing new words by hand makes the offsets of an earlier selection meaningless.
  function forgetOffsets(event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-st-coding-form") && /-words$/.test(event.target.name)) {
      field(form, "start").value = "";
      field(form, "end").value = "";
    }
  }

  document.addEventListener("mouseup", onSelection);
  document.addEventListener("keyup", function (event) { if (event.shiftKey) { onSelection(); } });
  document.addEventListener("input", forgetOffsets);
}());
