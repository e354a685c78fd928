// The 1414 queue and conversation pages, live: Server-Sent Events replace the waiting list and
// append new messages, and the reply forms post without leaving the page. Without this file the
// pages still work (forms post and redirect back).
(() => {
  const source = document.querySelector("[data-handoff-events]");
  if (source && "EventSource" in window) {
    const events = new EventSource(source.getAttribute("data-handoff-events"));
    const parse = (event) => JSON.parse(event.data);
    events.addEventListener("queue", (event) => {
      const queue = document.getElementById("handoff-queue");
      if (queue) queue.innerHTML = parse(event).html;
    });
    events.addEventListener("message", (event) => {
      const { id, html } = parse(event);
      const list = document.getElementById("transcript");
      if (!list || document.getElementById(`m-${id}`)) return;
      list.insertAdjacentHTML("beforeend", html);
      list.lastElementChild?.scrollIntoView({ block: "nearest" });
    });
    events.addEventListener("status", (event) => {
      const status = document.getElementById("handoff-status");
      if (status) status.innerHTML = parse(event).html;
    });
    events.addEventListener("ready", () => document.body.setAttribute("data-live", "1"));
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-async]");
    if (!form) return;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { accept: "application/json" },
        body: new URLSearchParams(new FormData(form)),
      });
      if (response.ok) {
        const text = form.querySelector("textarea");
        if (text) text.value = "";
      }
    } finally {
      if (button) button.disabled = false;
    }
  });
})();
