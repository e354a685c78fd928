// Progressive enhancement for the console: every page works without this file.
// Search-as-you-type, copy buttons and keyboard navigation of results.
(() => {
  const live = () => document.getElementById("live");
  const announce = (text) => {
    const region = live();
    if (region) region.textContent = text;
  };

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand("copy");
      area.remove();
      return ok;
    }
  }

  // One delegated listener: result fragments are replaced on every keystroke.
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button.copy");
    if (!button) return;
    const holder = button.closest("[data-copy]");
    const text = holder ? holder.getAttribute("data-copy") : button.getAttribute("data-copy");
    if (!text) return;
    if (await copyText(text)) {
      const label = button.getAttribute("data-copied") || "✓";
      button.dataset.label ??= button.textContent;
      button.textContent = label;
      button.classList.add("copied");
      announce(label);
      setTimeout(() => {
        button.textContent = button.dataset.label;
        button.classList.remove("copied");
      }, 1500);
    }
  });

  const form = document.querySelector("form[data-live]");
  if (!form) return;
  const input = form.querySelector("input[type=search]");
  const results = document.getElementById("results");
  const endpoint = form.getAttribute("data-live");
  let timer;
  let controller;
  let selected = -1;

  const items = () => [...results.querySelectorAll(".result-item")];
  function select(index) {
    const list = items();
    if (list.length === 0) return;
    selected = Math.max(-1, Math.min(index, list.length - 1));
    for (const [i, item] of list.entries()) {
      item.dataset.selected = i === selected ? "true" : "false";
    }
    if (selected < 0) {
      input.focus();
      return;
    }
    list[selected].focus();
    list[selected].scrollIntoView({ block: "nearest" });
  }

  // The best answer costs ten times a passage search: it is asked for once typing pauses.
  let answerTimer;
  let answerController;
  async function loadAnswer(slot) {
    answerController?.abort();
    answerController = new AbortController();
    try {
      const response = await fetch(slot.getAttribute("data-answer"), {
        signal: answerController.signal,
        headers: { accept: "text/html" },
        credentials: "same-origin",
      });
      if (!response.ok || !slot.isConnected) return;
      slot.outerHTML = await response.text();
      selected = -1;
    } catch {
      // Aborted by the next keystroke, or offline: the slot keeps its hint.
    }
  }
  function scheduleAnswer(delay) {
    clearTimeout(answerTimer);
    const slot = document.getElementById("answer-slot");
    if (slot) answerTimer = setTimeout(() => loadAnswer(slot), delay);
  }

  async function run(answerDelay = 300) {
    const q = input.value;
    controller?.abort();
    answerController?.abort();
    clearTimeout(answerTimer);
    controller = new AbortController();
    try {
      const response = await fetch(`${endpoint}?q=${encodeURIComponent(q)}`, {
        signal: controller.signal,
        headers: { accept: "text/html" },
        credentials: "same-origin",
      });
      if (response.status === 401) {
        window.location.reload();
        return;
      }
      results.innerHTML = await response.text();
      results.setAttribute("aria-busy", "false");
      selected = -1;
      scheduleAnswer(answerDelay);
      const url = new URL(window.location.href);
      url.searchParams.delete("flagged");
      if (q) url.searchParams.set("q", q);
      else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      const count = results.querySelectorAll(".passage").length;
      announce(count > 0 ? `${form.getAttribute("data-found") || ""} ${count}` : "");
    } catch (error) {
      if (error.name !== "AbortError") results.setAttribute("aria-busy", "false");
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    clearTimeout(answerTimer);
    results.setAttribute("aria-busy", "true");
    timer = setTimeout(run, 120);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run(0);
  });

  document.addEventListener("keydown", (event) => {
    if (event.target.closest("textarea, select, .flag-form")) return;
    if (event.key === "Escape") {
      event.preventDefault();
      input.value = "";
      input.focus();
      run();
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      select(selected + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      select(selected - 1);
    } else if (
      event.key === "Enter" &&
      event.target !== input &&
      event.target.classList.contains("result-item")
    ) {
      event.preventDefault();
      const text = event.target.getAttribute("data-copy");
      const copied = results.querySelector("button.copy")?.getAttribute("data-copied") || "✓";
      if (text) copyText(text).then((ok) => ok && announce(copied));
    }
  });

  if (document.activeElement !== input) input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
})();
