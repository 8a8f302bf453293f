// End-to-end browser tests of the dossier web app: run by run.sh against a server it started.
// Usage: node e2e.mjs BASE_URL SCREENSHOT_DIR. Exits non-zero on the first failed check.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const base = (process.argv[2] || "http://127.0.0.1:8080").replace(/\/$/, "");
const shots = process.argv[3] || "screenshots";
mkdirSync(shots, { recursive: true });

function check(condition, message) {
  if (!condition) throw new Error("check failed: " + message);
  console.log("ok - " + message);
}

// The server builds its index before listening; wait for it (bounded).
async function waitForServer() {
  const deadline = Date.now() + 120000;
  for (;;) {
    try {
      const response = await fetch(base + "/api");
      if (response.ok) return;
    } catch (_) {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error("server did not answer at " + base);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

await waitForServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  // Any script error, console error (CSP violations are reported there) or request to
  // another origin fails the run: the app must work offline and obey its own policy.
  page.on("pageerror", (err) => problems.push("page error: " + err.message));
  page.on("console", (msg) => { if (msg.type() === "error") problems.push("console: " + msg.text()); });
  page.on("request", (req) => { if (!req.url().startsWith(base)) problems.push("external request: " + req.url()); });

  // Timeline: the merged timeline, one row per happening with its outlet count.
  await page.goto(base + "/timeline");
  check(await page.locator("h1").first().innerText() === "Timeline", "timeline page opens");
  check((await page.locator("main p.note").first().innerText()).startsWith("The merged timeline"), "timeline says it shows merged events");
  const all = await page.goto(base + "/api/timeline?per_page=500").then((r) => r.json());
  check(all.total > 0, "the sample corpus has merged events (" + all.total + ")");
  await page.goto(base + "/timeline");
  check(await page.locator("ol.timeline li.k-event").count() > 0, "events are on the timeline");
  check(await page.locator("ol.timeline li.k-event[data-plover]").count() > 0, "events carry their PLOVER category (colour)");
  const outletTexts = await page.locator("ol.timeline li.k-event .outlets").allInnerTexts();
  check(outletTexts.length > 0 && outletTexts.every((t) => /^\d+ outlets?$/.test(t)), "every event shows its outlet count");
  // Sources that count differently are shown side by side (the sample corpus's detentions).
  const counted = all.events.find((e) => e.quantity_conflicts && e.quantity_conflicts.length > 1);
  check(counted !== undefined, "an event whose sources give different numbers is in the API");
  check(/numbers differ: .*seven.*eight|numbers differ: .*eight.*seven/.test(await page.locator("ol.timeline").innerText())
    || (await page.goto(base + "/timeline?period=" + counted.date.slice(0, 7) + "&per_page=500"),
        /numbers differ/.test(await page.locator("ol.timeline").innerText())),
    "the timeline shows the different numbers with their outlets");
  await page.goto(base + "/timeline");
  const merged = all.events.find((e) => e.outlets > 1 && e.evidence.length > 1);
  check(merged !== undefined, "some event is merged across outlets");
  await page.screenshot({ path: join(shots, "timeline.png"), fullPage: false });

  // Zoom to the merged event's year, month and day; it is there with its outlet count.
  const [year, month] = [merged.date.slice(0, 4), merged.date.slice(0, 7)];
  await page.locator("ol.buckets a", { hasText: year }).first().click();
  await page.waitForURL(/period=\d{4}$/);
  check(/By month/.test(await page.locator("main").innerText()), "zooming a year shows its months");
  if (merged.date.length >= 7) {
    await page.locator("ol.buckets a", { hasText: month }).first().click();
    await page.waitForURL(/period=\d{4}-\d{2}$/);
    check(/By day/.test(await page.locator("main").innerText()), "zooming a month shows its days");
  }
  const row = page.locator("li.k-event[id=\"e-" + merged.id + "\"]");
  if (await row.count() === 0) {
    await page.goto(base + "/timeline?period=" + encodeURIComponent(merged.date) + "&per_page=500");
  }
  check(await row.count() === 1, "the merged event is listed in its period");
  check((await row.locator(".outlets").innerText()) === merged.outlets + " outlets", "it shows its outlet count (" + merged.outlets + ")");
  check(await row.locator("details.sources li").count() === merged.evidence.length, "it lists every source passage");
  await page.screenshot({ path: join(shots, "events.png"), fullPage: false });
  const source = merged.evidence[0];
  await row.locator("a.item-link").click();
  await page.waitForURL(/\/doc\/[0-9a-f]+#s\d+$/);
  check(page.url().endsWith("/doc/" + source.doc + "#s" + source.sentence), "clicking the event opens its first source sentence");
  const target = page.locator(".sent:target");
  check(await target.count() === 1, "the linked sentence is the page target");
  const background = await target.evaluate((el) => getComputedStyle(el).backgroundColor);
  check(background === "rgb(255, 245, 154)", "the target sentence is highlighted (" + background + ")");
  const inView = await page.waitForFunction(() => {
    const el = document.querySelector(".sent:target");
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight;
  }, null, { timeout: 5000 }).then(() => true, () => false);
  check(inView, "the target sentence is scrolled into view");
  check(await page.locator(".doctext mark.timex, .doctext .ent").count() > 0, "the document shows highlighted entities and times");
  check(await page.locator("table.meta").count() === 1, "the document shows its metadata");
  await page.screenshot({ path: join(shots, "document.png"), fullPage: false });

  // Actors: the list of linked entities, then one actor's page.
  await page.goto(base + "/actors?kind=person");
  const actor = page.locator("table.list a.ent").first();
  const actorName = (await actor.locator(":scope").evaluate((el) => el.firstChild.textContent)).trim();
  await actor.click();
  await page.waitForURL(/\/actor\?id=/);
  check((await page.locator("h1.actor-name").innerText()).includes(actorName), "actor page of " + actorName + " opens");
  check(await page.locator("ol.docs li").count() > 0, "actor page lists documents");
  // An actor with a dated role: the role, its date and a link to the sentence stating it.
  const people = await page.goto(base + "/api/actors?kind=person&per_page=100").then((r) => r.json());
  let withRole = null;
  for (const person of people.actors.slice(0, 60)) {
    const detail = await page.goto(base + "/api/actor?id=" + encodeURIComponent(person.id)).then((r) => r.json());
    if (detail.roles.some((r) => r.as_of && r.evidence)) { withRole = detail; break; }
  }
  check(withRole !== null, "some person has a dated role from a document");
  await page.goto(base + "/actor?id=" + encodeURIComponent(withRole.id));
  const role = page.locator("ol.roles li.role").filter({ has: page.locator("a.role-source") }).first();
  check(/^\d{4}(-\d{2}){0,2}$/.test((await role.locator("time").innerText()).trim()), "the role shows its date");
  check((await role.innerText()).includes(withRole.roles.find((r) => r.as_of && r.evidence).title), "the role shows its title");
  await page.screenshot({ path: join(shots, "actor.png"), fullPage: true });
  await role.locator("a.role-source").first().click();
  await page.waitForURL(/\/doc\/[0-9a-f]+#s\d+$/);
  check(await page.locator(".sent:target").count() === 1, "the role links to the sentence stating it");

  // Search: type a query, get highlighted snippets, follow one to its sentence.
  await page.goto(base + "/search");
  const query = process.env.E2E_QUERY || "Drina";
  await page.fill("#q", query);
  await page.press("#q", "Enter");
  await page.waitForURL(/\/search\?q=/);
  const hits = page.locator("ol.hits li");
  check(await hits.count() > 0, "search finds sentences");
  check((await page.locator("ol.hits mark").first().innerText()).toLowerCase() === query.toLowerCase(), "search highlights the matched word");
  await page.screenshot({ path: join(shots, "search.png"), fullPage: false });
  await page.locator("ol.hits a.snippet").first().click();
  await page.waitForURL(/#s\d+$/);
  check((await page.locator(".sent:target").innerText()).toLowerCase().includes(query.toLowerCase()), "a hit links to its sentence");

  // Network: actors drawn as nodes, event interactions as arrows.
  await page.goto(base + "/network");
  check(await page.locator("svg.network circle").count() > 1, "network page draws actors");
  check(await page.locator("svg.network line.edge").count() > 0, "network page draws interaction edges");
  const net = await page.goto(base + "/api/network").then((r) => r.json());
  check(net.edges.length > 0 && net.edges[0].weight >= 1, "the JSON network has weighted edges");
  await page.goto(base + "/network");
  await page.screenshot({ path: join(shots, "network.png"), fullPage: false });

  check(problems.length === 0, "no script errors, CSP violations or external requests" + (problems.length ? ": " + problems.join("; ") : ""));

  // A bad parameter is a page with a message, not a crash.
  const response = await page.goto(base + "/search?q=x&page=abc");
  check(response.status() === 400, "bad parameter answers 400");
  check((await page.locator("p.error").innerText()).includes("page"), "the 400 page names the parameter");
} catch (err) {
  failed = true;
  console.error(err.stack || String(err));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
