import { adminWrite, fetchAlerts, type AlertInfo, type AlertsAnswer, type DeliveryInfo, type SilenceInfo } from "../api";
import { alertCounts, orderAlerts, orderSilences, refusalText, silenceRequest, silenceScope, spanLabel, summaryText } from "../alerts/model";
import { h, replaceChildren } from "../dom";
import { pageFilterBox } from "../filter";
import { every, type PageContext } from "../page";
import { groupPath, hostPath } from "../router";
import { dateTime } from "../time";

// What fires, what was sent, what is silenced (docs/alerts.md), and a form to silence a host or a group. The form
// and the filter are built once and outlive the 30 s refreshes, so a half-written silence is never lost.

/** The admin token, kept for the tab only (sessionStorage): never in the URL, never in localStorage. */
const TOKEN_KEY = "mine.adminToken";

function storedToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? "";
  } catch {
    return "";
  }
}

function storeToken(token: string): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage off (private mode): the token lasts as long as the input holds it.
  }
}

export async function render(ctx: PageContext): Promise<void> {
  ctx.setTitle("Alerts");
  let firing: AlertInfo[] = [];
  const applyFilter = () => {
    let shown = 0;
    for (const alert of firing) {
      const tr = ctx.main.querySelector<HTMLTableRowElement>(`tr[data-key="${CSS.escape(alert.key)}"]`);
      if (!tr) continue;
      tr.hidden = !filter.matches({ name: alert.host ?? alert.subject, group: alert.group ?? "", also: [alert.kind, alert.subject, alert.state, alert.summary] });
      if (!tr.hidden) shown++;
    }
    filter.setShown(shown, firing.length);
  };
  const filter = pageFilterBox(ctx, { id: "alerts-filter", label: "Filter", placeholder: "web-*, group:db, stale, landmine" }, () => applyFilter());

  const summary = h("p", { class: "summary", id: "alerts-summary" });
  const lists = h("div", { class: "alerts-lists" });
  const silences = h("div", { class: "alerts-silences" });
  const status = h("p", { class: "write-status", id: "alerts-status", role: "status", "aria-live": "polite" });
  const form = silenceForm(status, () => draw());
  replaceChildren(
    ctx.main,
    h("h1", {}, "Alerts"),
    summary,
    h("section", { "aria-labelledby": "alerts-firing-title" }, h("h2", { id: "alerts-firing-title" }, "Firing"), filter.element, lists),
    h("section", { "aria-labelledby": "alerts-silences-title", class: "alerts-silence-area" }, h("h2", { id: "alerts-silences-title" }, "Silences"), silences, form.element, status),
  );

  const draw = async () => {
    const { value } = await fetchAlerts(ctx.signal);
    if (ctx.signal.aborted) return;
    firing = orderAlerts(value.firing);
    const counts = alertCounts(value);
    replaceChildren(summary, summaryText(counts), " ", sendsTo(value));
    replaceChildren(
      lists,
      firing.length === 0 ? h("p", { class: "empty" }, "Nothing is firing.") : firingTable(firing, value.now, (alert) => form.prefill(alert)),
      value.pending.length === 0 ? null : [h("h3", {}, "Pending"), pendingTable(orderAlerts(value.pending), value.now)],
      h("h2", { id: "alerts-sent-title" }, "Sent"),
      value.deliveries.length === 0
        ? h("p", { class: "empty" }, value.webhooks.length === 0 ? "No webhook is configured (--alert-webhook): alerts are listed here and recorded as events only." : "No message sent yet.")
        : deliveriesTable(value.deliveries),
      value.queued > 0 ? h("p", { class: "summary" }, `${value.queued} waiting to be sent.`) : null,
    );
    replaceChildren(silences, value.silences.length === 0 ? h("p", { class: "empty" }, "No silence is active.") : silencesTable(orderSilences(value.silences), value.now, form, status, () => draw()));
    applyFilter();
    ctx.main.dataset.ready = "alerts";
  };
  await draw();
  every(30, ctx.signal, draw);
}

function sendsTo(value: AlertsAnswer): string {
  const rules = value.rules.length === 0 ? "no threshold rule" : `${value.rules.length} threshold rule${value.rules.length === 1 ? "" : "s"}`;
  const hooks = value.webhooks.length === 0 ? "no webhook" : value.webhooks.join(", ");
  return `Alerts on landmines, stale hosts and ${rules}; messages go to ${hooks}.`;
}

/** Since when, in the page's time format with its zone, and for how long. */
function sinceCell(since: number, now: number): HTMLElement {
  return h("td", { class: "since" }, h("time", { datetime: new Date(since * 1000).toISOString() }, dateTime(since)), h("span", { class: "summary" }, ` (${spanLabel(now - since)})`));
}

function hostCell(host: string | null): HTMLElement {
  return h("td", {}, host ? h("a", { href: hostPath(host) }, host) : "—");
}

function groupCell(group: string | null): HTMLElement {
  return h("td", {}, group ? h("a", { href: groupPath(group) }, group) : "—");
}

function firingTable(alerts: AlertInfo[], now: number, silence: (alert: AlertInfo) => void): HTMLElement {
  return h(
    "table",
    { class: "members alerts-firing" },
    h("caption", { class: "sr-only" }, "Firing and resolving alerts, firing first, oldest first"),
    h("thead", {}, h("tr", {}, ["Kind", "Host", "Group", "Subject", "Since", "Summary", "State", "Action"].map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      alerts.map((alert) => {
        const button = h("button", { type: "button", class: "silence", "aria-label": `Silence ${alert.host ?? alert.group ?? alert.subject}` }, "Silence");
        button.addEventListener("click", () => silence(alert));
        const state = alert.state === "resolving" && alert.resolvingSince ? `resolving (clear for ${spanLabel(now - alert.resolvingSince)})` : alert.state;
        return h(
          "tr",
          { "data-key": alert.key, "data-kind": alert.kind, "data-state": alert.state, "data-host": alert.host ?? "" },
          h("td", {}, h("span", { class: `flag ${alert.kind === "stale" ? "stale" : "outlier"}` }, alert.kind)),
          hostCell(alert.host),
          groupCell(alert.group),
          h("td", {}, alert.subject),
          sinceCell(alert.since, now),
          h("td", { class: "reason" }, alert.summary),
          h("td", {}, state, alert.silencedBy ? h("span", { class: "summary" }, ` · silenced (${alert.silencedBy})`) : alert.sent ? "" : h("span", { class: "summary" }, " · not sent yet")),
          h("td", {}, alert.host || alert.group ? button : null),
        );
      }),
    ),
  );
}

function pendingTable(alerts: AlertInfo[], now: number): HTMLElement {
  return h(
    "table",
    { class: "members alerts-pending" },
    h("caption", { class: "sr-only" }, "Pending: conditions that hold but not yet for their rule's duration"),
    h("thead", {}, h("tr", {}, ["Kind", "Host", "Group", "Subject", "Since", "Summary"].map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      alerts.map((alert) => h("tr", { "data-key": alert.key }, h("td", {}, alert.kind), hostCell(alert.host), groupCell(alert.group), h("td", {}, alert.subject), sinceCell(alert.since, now), h("td", { class: "reason" }, alert.summary))),
    ),
  );
}

function deliveriesTable(deliveries: DeliveryInfo[]): HTMLElement {
  return h(
    "table",
    { class: "members alerts-deliveries" },
    h("caption", { class: "sr-only" }, "The last webhook messages, newest first"),
    h("thead", {}, h("tr", {}, ["When", "Webhook", "Alerts", "Result", "Attempts", "Detail"].map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      deliveries.map((d) =>
        h(
          "tr",
          { "data-result": d.result },
          h("td", {}, dateTime(d.at)),
          h("td", {}, d.webhook),
          h("td", { class: "num", title: d.alerts.join("\n") }, String(d.alerts.length)),
          h("td", { class: d.result === "delivered" ? "" : "error" }, d.result),
          h("td", { class: "num" }, String(d.attempts)),
          h("td", {}, d.detail ?? ""),
        ),
      ),
    ),
  );
}

function silencesTable(silences: SilenceInfo[], now: number, form: SilenceForm, status: HTMLElement, redraw: () => Promise<void>): HTMLElement {
  return h(
    "table",
    { class: "members alerts-silences-table" },
    h("caption", { class: "sr-only" }, "Active silences, ending soonest first"),
    h("thead", {}, h("tr", {}, ["Host", "Group", "Kind", "Until", "Comment", "Action"].map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      silences.map((s) => {
        const button = h("button", { type: "button", class: "delete", "aria-label": `Delete the silence of ${silenceScope(s)}` }, "Delete");
        button.addEventListener("click", async () => {
          button.disabled = true;
          const result = await adminWrite("DELETE", `/api/alerts/silences/${encodeURIComponent(s.id)}`, form.token());
          if (result.ok) status.textContent = `Silence of ${silenceScope(s)} deleted.`;
          else status.textContent = refusalText(result.status, result.detail);
          status.classList.toggle("error", !result.ok);
          button.disabled = false;
          await redraw();
        });
        return h(
          "tr",
          { "data-silence": s.id, "data-host": s.host ?? "", "data-group": s.group ?? "" },
          h("td", {}, s.host ?? "—"),
          h("td", {}, s.group ?? "—"),
          h("td", {}, s.kind ?? "every kind"),
          h("td", {}, dateTime(s.ends), h("span", { class: "summary" }, ` (${spanLabel(s.ends - now)} left)`)),
          h("td", {}, s.comment ?? ""),
          h("td", {}, button),
        );
      }),
    ),
  );
}

interface SilenceForm {
  element: HTMLElement;
  token(): string;
  prefill(alert: AlertInfo): void;
}

function silenceForm(status: HTMLElement, redraw: () => Promise<void>): SilenceForm {
  const token = h("input", { id: "silence-token", type: "password", autocomplete: "off", spellcheck: "false", "aria-describedby": "silence-token-help" });
  token.value = storedToken();
  token.addEventListener("change", () => storeToken(token.value.trim()));
  const target = h("select", { id: "silence-target" }, h("option", { value: "host" }, "Host"), h("option", { value: "group" }, "Group"));
  const name = h("input", { id: "silence-name", type: "text", autocomplete: "off", spellcheck: "false", required: true });
  const kind = h("select", { id: "silence-kind" }, h("option", { value: "" }, "every kind"), ["landmine", "stale", "rule"].map((k) => h("option", { value: k }, k)));
  const duration = h("input", { id: "silence-duration", type: "text", value: "1h", list: "silence-durations", size: 6, autocomplete: "off", "aria-describedby": "silence-duration-help" });
  const comment = h("input", { id: "silence-comment", type: "text", autocomplete: "off" });
  const submit = h("button", { type: "submit" }, "Add silence");
  const field = (input: HTMLElement, label: string, ...help: (Node | null)[]) => h("div", { class: "field" }, h("label", { for: input.id }, label), input, ...help);
  const element = h(
    "form",
    { class: "silence-form", "aria-labelledby": "silence-form-title" },
    h("h3", { id: "silence-form-title" }, "Add a silence"),
    h("p", { class: "summary" }, "A silence holds back the messages of a host's or a group's alerts; they are still evaluated and listed."),
    h(
      "div",
      { class: "controls" },
      field(target, "Silence a"),
      field(name, "Name"),
      field(kind, "Kind"),
      field(duration, "For", h("datalist", { id: "silence-durations" }, ["30m", "1h", "4h", "1d"].map((d) => h("option", { value: d }))), h("span", { id: "silence-duration-help", class: "sr-only" }, "30m, 1h, 4h or 1d")),
      field(comment, "Comment"),
    ),
    h(
      "div",
      { class: "controls" },
      field(token, "Admin token", h("span", { id: "silence-token-help", class: "summary" }, " writes need it; kept for this tab only")),
      submit,
    ),
  );
  element.addEventListener("submit", async (event) => {
    event.preventDefault();
    const request = silenceRequest({ target: target.value as "host" | "group", name: name.value, kind: kind.value, duration: duration.value, comment: comment.value });
    if (typeof request === "string") {
      status.textContent = request;
      status.classList.add("error");
      return;
    }
    storeToken(token.value.trim());
    submit.disabled = true;
    try {
      const result = await adminWrite("POST", "/api/alerts/silences", token.value.trim(), request);
      status.classList.toggle("error", !result.ok);
      if (result.ok) {
        status.textContent = `Silenced ${silenceScope({ host: request.host ?? null, group: request.group ?? null, kind: request.kind ?? null })} for ${request.duration}.`;
        name.value = "";
        comment.value = "";
      } else {
        status.textContent = refusalText(result.status, result.detail);
        if (result.status === 401) token.focus();
      }
      await redraw();
    } finally {
      submit.disabled = false;
    }
  });
  return {
    element,
    token: () => token.value.trim(),
    prefill: (alert) => {
      target.value = alert.host ? "host" : "group";
      name.value = alert.host ?? alert.group ?? "";
      kind.value = alert.kind;
      comment.focus();
      element.scrollIntoView({ block: "nearest" });
    },
  };
}

