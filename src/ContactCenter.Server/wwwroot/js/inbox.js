// The inbox (Requests/Inbox.cshtml): new and changed requests appear without a reload, and the keyboard moves through
// the rows: j and k select the next and previous request, Enter opens it, r opens it at the answer form.
(() => {
    "use strict";
    const live = () => [...document.querySelectorAll("[data-live]")];
    const source = document.querySelector("[data-events-url]");
    if (!source || live().length === 0) {
        return;
    }

    // Server-sent events say only that requests of the tenant changed: the page reads its own list again (same
    // filters, same page, the caller's scope) and puts the fresh parts in place. Bursts are taken together.
    let timer = null;
    const refresh = async () => {
        const response = await fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } });
        if (!response.ok) {
            return;
        }
        const fresh = new DOMParser().parseFromString(await response.text(), "text/html").querySelectorAll("[data-live]");
        const selected = selectedId();
        live().forEach((part, i) => {
            if (fresh[i]) {
                part.replaceWith(document.adoptNode(fresh[i]));
            }
        });
        select(rows().findIndex(row => row.dataset.request === selected), false);
        document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || "0") + 1);
    };
    const events = new EventSource(source.dataset.eventsUrl, { withCredentials: true });
    events.addEventListener("requests", () => {
        clearTimeout(timer);
        timer = setTimeout(refresh, 1000);
    });
    events.addEventListener("ready", () => { document.body.dataset.live = "true"; });

    const rows = () => [...document.querySelectorAll("[data-live] tr[data-request]")];
    const selectedId = () => rows().find(row => row.getAttribute("aria-selected") === "true")?.dataset.request;
    const select = (index, scroll = true) => {
        const all = rows();
        all.forEach((row, i) => {
            row.setAttribute("aria-selected", i === index ? "true" : "false");
            row.classList.toggle("selected", i === index);
        });
        if (scroll && all[index]) {
            all[index].scrollIntoView({ block: "nearest" });
        }
    };
    document.addEventListener("keydown", event => {
        const target = event.target;
        if (event.altKey || event.ctrlKey || event.metaKey || target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName)) {
            return;
        }
        const all = rows();
        const current = all.findIndex(row => row.getAttribute("aria-selected") === "true");
        if (event.key === "j" || event.key === "k") {
            select(Math.max(0, Math.min(all.length - 1, current + (event.key === "j" ? 1 : -1))));
            event.preventDefault();
        } else if ((event.key === "Enter" || event.key === "r") && all[current]) {
            const link = all[current].querySelector("a[href]");
            location.href = link.href + (event.key === "r" ? "#reply" : "");
            event.preventDefault();
        }
    });
})();
