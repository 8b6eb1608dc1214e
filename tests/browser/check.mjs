// Headless Chromium checks of popdoc's pages, driven by tests/cli/browser.rs.
//
//   node check.mjs spec.json
//
// spec.json:
//   { "pages": [{ "name": "...", "url": "file:///..." }],   axe-core on each page
//     "screenshots": [{ "url": "...", "path": "x.png" }],    full-page PNGs
//     "reload": { "url", "file", "from", "to", "expect" } }  serve: edit a file, the
//                                                            page must reload itself
// Prints one JSON object: per page the axe violations, every request that left
// file:// (or the server), and console errors (CSP refusals show up there).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--allow-file-access-from-files",
  ],
});

/// A page that records what it requests and what the console says.
async function open(url, { bypassCSP }) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  // axe is injected as a script; the pages' own CSP would (rightly) refuse it.
  if (bypassCSP) await page.setBypassCSP(true);
  const requests = [];
  const consoleErrors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(url, { waitUntil: "load" });
  return { page, requests, consoleErrors };
}

const out = { pages: [], screenshots: [], reload: null };

for (const p of spec.pages || []) {
  // First without bypassing the CSP: what a reader's browser does.
  const plain = await open(p.url, { bypassCSP: false });
  await plain.page.close();
  const { page, requests } = await open(p.url, { bypassCSP: true });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { resultTypes: ["violations"] }));
  const origin = new URL(p.url).protocol === "file:" ? "file:" : new URL(p.url).origin;
  out.pages.push({
    name: p.name,
    violations: result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    })),
    offsite: plain.requests.concat(requests).filter((u) =>
      !(origin === "file:" ? u.startsWith("file:") : u.startsWith(origin))),
    consoleErrors: plain.consoleErrors,
  });
  await page.close();
}

for (const s of spec.screenshots || []) {
  const { page } = await open(s.url, { bypassCSP: false });
  await page.screenshot({ path: s.path, fullPage: true });
  out.screenshots.push(s.path);
  await page.close();
}

if (spec.reload) {
  const r = spec.reload;
  const { page, consoleErrors } = await open(r.url, { bypassCSP: false });
  // Give the event stream a moment to connect, then save the file.
  await new Promise((ok) => setTimeout(ok, 500));
  const reloaded = page.waitForNavigation({ timeout: 15000 }).then(() => true, () => false);
  const text = readFileSync(r.file, "utf8");
  writeFileSync(r.file, text.replace(r.from, r.to));
  const didReload = await reloaded;
  const body = await page.content();
  out.reload = { reloaded: didReload, found: body.includes(r.expect), consoleErrors };
  await page.close();
}

await browser.close();
process.stdout.write(JSON.stringify(out, null, 1));
