// The web chat page: renders the bot's bubbles and buttons, sends what the parent types or
// presses, and follows the conversation live (Server-Sent Events read through fetch, so a
// page inside another site's frame can send its token in a header rather than a cookie).
(() => {
  const body = document.body;
  const embed = body.dataset.embed === "1";
  const lang = body.dataset.lang || "kk";
  const texts = JSON.parse(document.getElementById("webchat-texts").textContent);
  const log = document.getElementById("log");
  const statusLine = document.getElementById("status");
  const quick = document.getElementById("quick");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const bubbles = new Map();
  let token = null;
  // Inside another site's frame the cookie would be a third-party one, and the frame's own
  // storage may be refused too: the token is kept by embed.js in the school page's storage and
  // handed over by postMessage, to that page's origin only (and only allowed origins may frame us).
  const host = embed ? new URLSearchParams(location.search).get("host") : null;
  const toHost = (message) => {
    if (host && window.parent !== window) window.parent.postMessage(message, host);
  };
  const tokenFromHost = () =>
    new Promise((resolve) => {
      if (!host || window.parent === window) return resolve(null);
      const timer = setTimeout(() => resolve(null), 1500);
      window.addEventListener("message", (event) => {
        if (event.origin !== host || event.data?.type !== "qoldau-token") return;
        clearTimeout(timer);
        resolve(typeof event.data.token === "string" ? event.data.token : null);
      });
      toHost({ type: "qoldau-hello" });
    });

  const headers = () => {
    const h = { "content-type": "application/json" };
    if (token) h["x-webchat-token"] = token;
    return h;
  };
  const api = (path, payload) =>
    fetch(`/chat/api/${path}?lang=${lang}`, {
      method: payload === undefined ? "GET" : "POST",
      headers: headers(),
      credentials: "same-origin",
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });

  let statusTimer;
  const say = (text, kind) => {
    clearTimeout(statusTimer);
    statusLine.textContent = text;
    statusLine.className = `status ${kind || ""}`;
    if (kind !== "offline") statusTimer = setTimeout(() => (statusLine.textContent = ""), 6000);
  };

  const scrollDown = () => {
    log.scrollTop = log.scrollHeight;
  };

  async function download(document_) {
    const response = await api(`files/${encodeURIComponent(document_.fileId)}`);
    if (!response.ok) return say(texts.error, "error");
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = document_.name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  // After a button press the answer's first button takes the focus, so a keyboard user goes on
  // from the new message (an edited message keeps it anyway, see upsert).
  let focusAnswer = false;

  async function press(id, data) {
    focusAnswer = true;
    const response = await api("press", { id, data }).catch(() => null);
    if (!response) return say(texts.error, "error");
    if (response.status === 409) say(texts["stale-button"], "error");
    else if (response.status === 429) say(texts["too-fast"], "error");
    else if (!response.ok) say(texts.error, "error");
  }

  function render(message) {
    const item = document.createElement("div");
    item.className = `msg ${message.from}`;
    item.dataset.id = String(message.id);
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = `${message.from === "bot" ? texts.bot : texts.you}: `;
    item.append(who);
    if (message.html) {
      const text = document.createElement("div");
      text.className = "text";
      // Built on the server from Telegram's HTML subset: escaped text and a few safe tags.
      text.innerHTML = message.html;
      item.append(text);
    }
    if (message.document) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "doc";
      button.textContent = `${texts.document}: ${message.document.name}`;
      button.addEventListener("click", () => download(message.document));
      item.append(button);
    }
    if (message.buttons) {
      const group = document.createElement("div");
      group.className = "buttons";
      for (const row of message.buttons) {
        const line = document.createElement("div");
        line.className = "row";
        for (const b of row) {
          let control;
          if (b.url) {
            control = document.createElement("a");
            control.href = b.url;
            control.target = "_blank";
            control.rel = "noopener noreferrer";
          } else {
            control = document.createElement("button");
            control.type = "button";
            control.dataset.data = b.data;
            control.addEventListener("click", () => press(message.id, b.data));
          }
          control.className = "btn";
          control.textContent = b.text;
          line.append(control);
        }
        group.append(line);
      }
      item.append(group);
    }
    return item;
  }

  function upsert(message) {
    const old = bubbles.get(message.id);
    const hadFocus = old?.contains(document.activeElement);
    const item = render(message);
    bubbles.set(message.id, item);
    if (old) old.replaceWith(item);
    else {
      const after = [...bubbles.keys()].filter((id) => id > message.id).sort((a, b) => a - b)[0];
      const next = after === undefined ? null : bubbles.get(after);
      if (next?.isConnected) log.insertBefore(item, next);
      else log.append(item);
    }
    // A message edited in place keeps the keyboard user where they were.
    if (message.from === "bot" && (hadFocus || (focusAnswer && !old))) {
      const target = item.querySelector(".btn, .doc");
      if (target) {
        target.focus();
        focusAnswer = false;
      }
    }
    scrollDown();
  }

  function removeBubble(id) {
    bubbles.get(id)?.remove();
    bubbles.delete(id);
  }

  function setKeyboard(keyboard) {
    quick.replaceChildren();
    quick.hidden = !keyboard || keyboard.length === 0;
    for (const text of (keyboard || []).flat()) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn";
      button.textContent = text;
      button.addEventListener("click", () => send(text));
      quick.append(button);
    }
  }

  function snapshot(history) {
    log.replaceChildren();
    bubbles.clear();
    for (const message of history.messages) upsert(message);
    setKeyboard(history.keyboard);
  }

  const handlers = {
    snapshot,
    message: (event) => upsert(event.message),
    delete: (event) => removeBubble(event.id),
    keyboard: (event) => setKeyboard(event.keyboard),
    notice: (event) => say(event.text, event.alert ? "alert" : ""),
    typing: () => say(texts.typing, ""),
  };

  async function follow() {
    let delay = 500;
    for (;;) {
      try {
        const response = await api("events");
        if (!response.ok || !response.body) throw new Error(String(response.status));
        delay = 500;
        if (statusLine.classList.contains("offline")) say("", "");
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut = buffer.indexOf("\n\n");
          while (cut >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            cut = buffer.indexOf("\n\n");
            const type = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (type && data && handlers[type]) handlers[type](JSON.parse(data));
          }
        }
      } catch {
        // The server restarted or the network dropped: reconnect; the snapshot catches up.
      }
      say(texts.offline, "offline");
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }

  async function send(text) {
    if (text.length > 4096) return say(texts["too-long"], "error");
    const response = await api("messages", { text }).catch(() => null);
    if (!response) return say(texts.error, "error");
    if (response.status === 429) return say(texts["too-fast"], "error");
    if (!response.ok) return say(texts.error, "error");
    return true;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (await send(text)) input.value = "";
    input.focus();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  async function start() {
    say(texts.connecting, "");
    if (embed) token = await tokenFromHost();
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await api("hello", { embed });
        if (response.ok) {
          const history = await response.json();
          if (history.token) {
            token = history.token;
            toHost({ type: "qoldau-save", token });
          }
          snapshot(history);
          say("", "");
          break;
        }
      } catch {
        // Retried below.
      }
      say(texts.offline, "offline");
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** attempt, 5000)));
    }
    body.dataset.ready = "1";
    follow();
  }
  start();
})();
