// The static files of the board: exactly the bundled assets in dist/web (built by
// tsup from src/web/client), read once at start. Nothing else on disk is reachable
// through this route (board.md "Security").
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TOKEN_PLACEHOLDER } from "./api-types.js";

export interface Asset {
  type: string;
  body: Buffer | string;
}

const FILES: Record<string, string> = {
  "app.js": "text/javascript; charset=utf-8",
  "app.css": "text/css; charset=utf-8",
  "favicon.svg": "image/svg+xml",
};

/** dist/web next to the bundled server, or (running from source) the build output of the checkout. */
export function defaultAssetsDir(): string {
  const candidates = [new URL("./web/", import.meta.url), new URL("../../dist/web/", import.meta.url)];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(`${dir}index.html`)) return dir;
  }
  throw new Error("the board's assets are missing (dist/web); run `npm run build`");
}

/** URL path → asset. `/` is index.html with the page's token filled in. */
export function loadAssets(dir: string, token: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const html = readFileSync(`${dir}/index.html`, "utf8");
  if (!html.includes(TOKEN_PLACEHOLDER)) throw new Error(`${dir}/index.html has no token placeholder`);
  assets.set("/", { type: "text/html; charset=utf-8", body: html.replace(TOKEN_PLACEHOLDER, token) });
  for (const [name, type] of Object.entries(FILES)) {
    if (existsSync(`${dir}/${name}`)) assets.set(`/${name}`, { type, body: readFileSync(`${dir}/${name}`) });
  }
  return assets;
}
