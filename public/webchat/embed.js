// Qoldau chat bubble for another site's page:
//   <script src="https://qoldau.example/chat/embed.js" data-lang="kk" defer></script>
// The page's origin must be in WEBCHAT_ALLOWED_ORIGINS: the bubble asks first (CORS) and shows
// nothing when refused; the chat itself is a frame that the server lets only those origins hold.
(() => {
  const script = document.currentScript;
  if (!script?.src) return;
  const base = new URL(script.src).origin;
  const lang =
    script.dataset.lang === "ru" ||
    (!script.dataset.lang && /^ru/i.test(document.documentElement.lang))
      ? "ru"
      : "kk";
  const labels = {
    kk: { open: "Qoldau чатын ашу", close: "Чатты жабу", title: "Qoldau чаты" },
    ru: { open: "Открыть чат Qoldau", close: "Закрыть чат", title: "Чат Qoldau" },
  }[lang];

  fetch(`${base}/chat/api/embed-check`, { mode: "cors", credentials: "omit" })
    .then((response) => {
      if (response.ok) mount();
      else console.warn("Qoldau chat: this site is not allowed to embed it");
    })
    .catch(() => console.warn("Qoldau chat: this site is not allowed to embed it"));

  function mount() {
    const button = document.createElement("button");
    button.type = "button";
    button.id = "qoldau-chat-bubble";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", labels.open);
    button.textContent = "💬";
    Object.assign(button.style, {
      position: "fixed",
      right: "16px",
      bottom: "16px",
      width: "56px",
      height: "56px",
      borderRadius: "50%",
      border: "none",
      background: "#0b5cad",
      color: "#fff",
      fontSize: "26px",
      cursor: "pointer",
      zIndex: "2147483646",
      boxShadow: "0 2px 8px rgba(0,0,0,.3)",
    });
    let frame = null;
    // The chat frame's token lives in this page's storage (a first-party one for the visitor);
    // only the chat's own origin may read or replace it.
    const storageKey = "qoldau-webchat";
    window.addEventListener("message", (event) => {
      if (event.origin !== base || !frame || event.source !== frame.contentWindow) return;
      if (event.data?.type === "qoldau-hello") {
        let token = null;
        try {
          token = localStorage.getItem(storageKey);
        } catch {
          token = null;
        }
        frame.contentWindow.postMessage({ type: "qoldau-token", token }, base);
      } else if (event.data?.type === "qoldau-save" && typeof event.data.token === "string") {
        try {
          localStorage.setItem(storageKey, event.data.token);
        } catch {
          // Storage refused: the conversation lasts as long as the page.
        }
      }
    });
    button.addEventListener("click", () => {
      if (!frame) {
        frame = document.createElement("iframe");
        frame.id = "qoldau-chat-frame";
        frame.title = labels.title;
        frame.src = `${base}/chat?embed=1&lang=${lang}&host=${encodeURIComponent(location.origin)}`;
        Object.assign(frame.style, {
          position: "fixed",
          right: "16px",
          bottom: "84px",
          width: "min(380px, calc(100vw - 32px))",
          height: "min(600px, calc(100vh - 100px))",
          border: "1px solid #d0d7de",
          borderRadius: "12px",
          background: "#fff",
          zIndex: "2147483647",
          boxShadow: "0 4px 16px rgba(0,0,0,.25)",
        });
        document.body.append(frame);
      } else frame.hidden = !frame.hidden;
      const open = !frame.hidden;
      button.setAttribute("aria-expanded", String(open));
      button.setAttribute("aria-label", open ? labels.close : labels.open);
      button.textContent = open ? "✕" : "💬";
    });
    document.body.append(button);
  }
})();
