#!/usr/bin/env node
// Builds the Teams app package: teams/manifest.json with its ${{VARIABLES}} filled in from the
// environment (or .env), checked against the rules Teams enforces on upload, zipped with both icons.
//   MICROSOFT_APP_ID=… KOMPIS_PUBLIC_HOST=kompis.example.com node scripts/teams-package.mjs [--out dist/kompis-teams.zip] [--check]
// --check validates only (no zip); it accepts the placeholders as they are, for CI without secrets.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = path.join(root, 'teams');
const args = process.argv.slice(2);
const checkOnly = args.includes('--check');
const outArg = args.indexOf('--out');
const out = path.resolve(root, outArg >= 0 && args[outArg + 1] ? args[outArg + 1] : 'dist/kompis-teams.zip');

const env = { ...readDotEnv(path.join(root, '.env')), ...process.env };
const problems = [];
const missing = new Set();
const template = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
const filled = template.replace(/\$\{\{(\w+)\}\}/g, (whole, name) => {
  if (env[name]) return env[name];
  if (!checkOnly && !missing.has(name)) problems.push(`${name} is not set: it fills ${whole} in teams/manifest.json`);
  missing.add(name);
  return checkOnly ? placeholderFor(name) : whole;
});

let manifest;
try {
  manifest = JSON.parse(filled);
} catch (err) {
  fail([`teams/manifest.json is not JSON: ${err.message}`]);
}
problems.push(...validate(manifest));
if (problems.length > 0) fail(problems);

if (checkOnly) {
  console.log('teams/manifest.json and its icons are valid');
} else {
  const files = [
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) },
    { name: manifest.icons.color, data: fs.readFileSync(path.join(dir, manifest.icons.color)) },
    { name: manifest.icons.outline, data: fs.readFileSync(path.join(dir, manifest.icons.outline)) },
  ];
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zip(files));
  console.log(`Teams app package written to ${path.relative(process.cwd(), out)}; upload it in Teams: Apps → Manage your apps → Upload an app`);
}

function validate(m) {
  const p = [];
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const need = (cond, msg) => cond || p.push(msg);
  need(/^1\.\d+$|^devPreview$/.test(m.manifestVersion ?? ''), 'manifestVersion must be like 1.22');
  need(String(m.$schema ?? '').includes(`/v${m.manifestVersion}/`), '$schema must point at the schema of manifestVersion');
  need(/^\d+\.\d+\.\d+$/.test(m.version ?? ''), 'version must be semver, e.g. 1.0.0');
  need(guid.test(m.id ?? ''), 'id must be a GUID: the Azure Bot app id (MICROSOFT_APP_ID)');
  need((m.name?.short ?? '').length > 0 && m.name.short.length <= 30, 'name.short is required, at most 30 characters');
  need((m.name?.full ?? '').length <= 100, 'name.full is at most 100 characters');
  need((m.description?.short ?? '').length > 0 && m.description.short.length <= 80, 'description.short is required, at most 80 characters');
  need((m.description?.full ?? '').length > 0 && m.description.full.length <= 4000, 'description.full is required, at most 4000 characters');
  need(/^#[0-9a-f]{6}$/i.test(m.accentColor ?? ''), 'accentColor must be a hex colour such as #1F7A4D');
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) need(/^https:\/\//.test(m.developer?.[key] ?? ''), `developer.${key} must be an https URL`);
  need(Array.isArray(m.bots) && m.bots.length === 1, 'exactly one bot is expected');
  for (const bot of m.bots ?? []) {
    need(guid.test(bot.botId ?? ''), 'bots[0].botId must be a GUID (MICROSOFT_APP_ID)');
    need(bot.botId === m.id, 'bots[0].botId and id should both be MICROSOFT_APP_ID');
    need(Array.isArray(bot.scopes) && bot.scopes.length > 0 && bot.scopes.every((s) => ['personal', 'team', 'groupChat', 'copilot'].includes(s)), 'bots[0].scopes must be among personal, team, groupChat, copilot');
    for (const list of bot.commandLists ?? []) {
      need(Array.isArray(list.commands) && list.commands.length >= 1 && list.commands.length <= 10, 'bots[0].commandLists: each list holds 1 to 10 commands');
      need(Array.isArray(list.scopes) && list.scopes.every((s) => bot.scopes.includes(s)), 'bots[0].commandLists scopes must be among the bot\'s scopes');
      for (const c of list.commands ?? []) {
        need((c.title ?? '').length >= 1 && c.title.length <= 32, `command "${c.title}": title is 1 to 32 characters`);
        need((c.description ?? '').length >= 1 && c.description.length <= 128, `command "${c.title}": description is 1 to 128 characters`);
      }
    }
  }
  for (const d of m.validDomains ?? []) need(!/^https?:|\//.test(d), `validDomains holds host names without scheme or path, not "${d}"`);
  p.push(...icon(m.icons?.color, 192, 'color'), ...icon(m.icons?.outline, 32, 'outline'));
  return p;
}

function icon(file, size, kind) {
  if (!file) return [`icons.${kind} is required`];
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) return [`icons.${kind}: teams/${file} does not exist`];
  const png = fs.readFileSync(full);
  if (png.subarray(1, 4).toString() !== 'PNG') return [`icons.${kind}: teams/${file} is not a PNG`];
  const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  if (w !== size || h !== size) return [`icons.${kind}: teams/${file} is ${w}×${h}, Teams wants ${size}×${size}`];
  // the outline icon must be white on transparent: it needs an alpha channel (colour type 6)
  if (kind === 'outline' && png[25] !== 6) return [`icons.outline: teams/${file} needs a transparent background (RGBA PNG)`];
  return [];
}

function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const data = zlib.deflateRawSync(f.data);
    const crc = zlib.crc32(f.data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(data.length, 18);
    head.writeUInt32LE(f.data.length, 22);
    head.writeUInt16LE(name.length, 26);
    locals.push(head, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += head.length + name.length + data.length;
  }
  const dirSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function placeholderFor(name) {
  return name.endsWith('_ID') ? '00000000-0000-0000-0000-000000000000' : 'kompis.example.com';
}

function readDotEnv(file) {
  if (!fs.existsSync(file)) return {};
  const vars = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) vars[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return vars;
}

function fail(list) {
  console.error(`The Teams app package was not built:\n  - ${list.join('\n  - ')}`);
  process.exit(1);
}
