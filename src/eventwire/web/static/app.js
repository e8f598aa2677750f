// eventwire web: highlight toggles, the evidence scrolled into view, and the size of
// pasted text. The pages work without it.
"use strict";

function toggleHighlights() {
  const story = document.getElementById("story");
  if (!story) return;
  for (const button of document.querySelectorAll("[data-toggle-kind]")) {
    button.addEventListener("click", () => {
      const kind = button.dataset.toggleKind;
      const off = story.classList.toggle("off-" + kind);
      button.setAttribute("aria-pressed", off ? "false" : "true");
    });
  }
}

function scrollToEvidence() {
  const story = document.getElementById("story");
  const sentence = story && story.querySelector(".hl-sentence");
  if (!sentence) return;
  story.scrollTop = Math.max(0, sentence.offsetTop - story.offsetTop - story.clientHeight / 3);
}

function watchCodeForm() {
  const form = document.querySelector("form.code-form");
  if (!form) return;
  const limit = Number(form.dataset.maxBody);
  const size = form.querySelector(".size");
  const button = form.querySelector("button[type=submit]");
  const update = () => {
    const bytes = new URLSearchParams(new FormData(form)).toString().length;
    size.textContent = bytes.toLocaleString() + " of " + limit.toLocaleString() + " bytes";
    size.classList.toggle("over", bytes > limit);
    button.disabled = bytes > limit;
  };
  form.addEventListener("input", update);
  form.addEventListener("submit", () => {
    button.disabled = true;
    button.textContent = "Coding…";
  });
  update();
}

document.addEventListener("DOMContentLoaded", () => {
  toggleHighlights();
  scrollToEvidence();
  watchCodeForm();
});
