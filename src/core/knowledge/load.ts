import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ANSWER_FEATURES, Calibration, RANK_FEATURES, SIGNALS } from './calibration';
import type { Lang } from '../lang';
import { looksLikeInjection } from '../answers/guard';
import { decodeDocument } from './decode';
import { detectLanguage } from './detect-language';
import { DESCRIPTIVE_FIELDS, langOfCode, LINKED_SOURCE_CHARS, reviewedDate, WrittenFrontMatter, type FrontMatter, type Inferred, type KnowledgeDocument, type LoadProblem } from './document';
import { isRecord, readFrontMatter } from './front-matter';
import { firstTitle, splitPassages, withoutHtml } from './split';
import { SUGGESTIONS_FILE, SuggestionsFile, type Suggestions } from './suggestions';
import { readSynonyms } from './synonyms-file';
import { nextTurn } from './steps';

export interface LoadedKnowledge {
  dir: string;
  /** The folder does not exist or is not a folder (a link in a loop or to nothing below it is a problem of its own, not this). */
  missing?: true;
  documents: KnowledgeDocument[];
  problems: LoadProblem[];
  /** Titles and languages the documents did not give, and what they were read as. */
  inferred: Inferred[];
  /** Files in the folder that are not documents Kompis reads (an exported .html, a .pdf, a .docx), by path. */
  unread: string[];
  /**
   * Documents found again under another name through a link (`extra/a.md` linked to `sv/a.md`),
   * each read once: by the name it was not read under, and the one it was.
   */
  sameFile: { path: string; readAs: string }[];
  /** The company's own synonym sets, from `_synonyms.yaml` beside the documents. */
  synonyms: string[][];
  /** How this store decides to answer or abstain, from `_calibration.json` (written by `kompis eval --calibrate`). */
  calibration?: Calibration;
  /** The questions Kompis suggests to agents, from `_suggestions.yaml`; without it, built-in ones. */
  suggestions?: Suggestions;
}

export const SYNONYMS_FILE = '_synonyms.yaml';
export const CALIBRATION_FILE = '_calibration.json';

/** The files a store's documents are: markdown, and plain text (which is markdown without markup). */
const DOCUMENT_FILE = /\.(md|markdown|txt)$/i;

/**
 * Files that sit beside documents without being any, nor meant to be: a figure a page shows, and
 * what editors and the system leave (a backup, a lock file, Windows' thumbnails and download marks).
 * Skipped without a word, so the warning about files not read names those a curator should convert.
 */
export const NO_DOCUMENT = /\.(png|jpe?g|gif|svg|webp|bmp|ico|tiff?|heic|bak|swp|tmp)$|~$|^~\$|:Zone\.Identifier$|^(thumbs\.db|desktop\.ini)$/i;

/**
 * A file's path below the knowledge folder, with forward slashes: a document's id. Its letters
 * composed (NFC): a name saved on a Mac writes "å" as "a" and a ring, and the id is the name as typed.
 */
const relativeTo = (root: string, file: string) => path.relative(root, file).split(path.sep).join('/').normalize('NFC');

/**
 * Loads every markdown (`.md`, `.markdown`) and plain text (`.txt`) file below `dir`: each is
 * published to the agents. A broken file is reported with its path and the field at fault, and the
 * others still load. Folders and files starting with `.` or `_`, and READMEs, are skipped.
 * `reviewed` dates are checked against `today`.
 */
export async function loadKnowledge(dir: string, today: Date = new Date()): Promise<LoadedKnowledge> {
  const root = path.resolve(dir);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) {
    return { dir: root, missing: true, documents: [], synonyms: [], inferred: [], unread: [], sameFile: [], problems: [{ path: root, field: '(folder)', message: 'the knowledge folder does not exist or is not a folder' }] };
  }
  const unread: string[] = [];
  const problems: LoadProblem[] = [];
  const listed = await listDocuments(root, root, unread, problems, new Set([await fs.realpath(root)]), false);
  const { files, sameFile } = await readOnce(listed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)));
  const documents: KnowledgeDocument[] = [];
  const inferred: Inferred[] = [];
  // read a few at a time: one after another, a store of thousands of small files waits on each
  const contents = await inBatches(files, READ_AT_ONCE, (file) => fs.readFile(file));
  for (const [i, file] of files.entries()) {
    // a turn for what else the process serves every few dozen files: a store read again while Kompis answers
    if (i > 0 && i % PARSED_A_TURN === 0) await nextTurn();
    const rel = relativeTo(root, file);
    const text = decodeDocument(contents[i]!);
    if (typeof text !== 'string') {
      problems.push({ path: rel, field: '(file)', message: text.problem });
      continue;
    }
    const parsed = parseDocument(rel, text, today);
    if ('problems' in parsed) problems.push(...parsed.problems);
    else {
      const { inferred: read = [], notes = [], ...document } = parsed;
      documents.push(document);
      inferred.push(...read);
      problems.push(...notes);
    }
  }
  const synonyms = await readSynonymsFile(root, problems);
  const calibration = await readData(root, CALIBRATION_FILE, (raw) => parseCalibration(raw, problems), problems);
  const suggestions = await readData(root, SUGGESTIONS_FILE, (raw) => SuggestionsFile.safeParse(parseYaml(raw)), problems);
  return {
    dir: root,
    documents,
    problems,
    inferred,
    unread: unread.map((f) => relativeTo(root, f)).sort(),
    sameFile: sameFile.map(({ file, readAs }) => ({ path: relativeTo(root, file), readAs: relativeTo(root, readAs) })),
    synonyms: synonyms ?? [],
    ...(calibration ? { calibration } : {}),
    ...(suggestions ? { suggestions } : {}),
  };
}

/** How many files are read at once. */
const READ_AT_ONCE = 32;
/** How many files are parsed between two turns of the event loop: a few milliseconds' work. */
const PARSED_A_TURN = 32;

/** `fn` of every item, at most `size` at a time, in the items' order. */
export async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

/**
 * A data file beside the documents as text, when there is one, read as documents are: a byte-order
 * mark (as Notepad writes one) is no part of it, and one not saved as UTF-8 is named, not read garbled.
 */
async function readText(root: string, name: string, problems: LoadProblem[]): Promise<string | undefined> {
  const bytes = await fs.readFile(path.join(root, name)).catch(() => undefined);
  if (bytes === undefined) return undefined;
  const text = decodeDocument(bytes);
  if (typeof text === 'string') return text.replace(/^\uFEFF/, '');
  problems.push({ path: name, field: '(file)', message: text.problem });
  return undefined;
}

/** The company's synonym sets; each broken set is named by its number and left out, the rest kept. */
async function readSynonymsFile(root: string, problems: LoadProblem[]): Promise<string[][]> {
  const raw = await readText(root, SYNONYMS_FILE, problems);
  if (raw === undefined) return [];
  const read = readSynonyms(raw);
  problems.push(...read.problems.map((p) => ({ path: SYNONYMS_FILE, ...p })));
  return read.sets;
}

/**
 * A data file beside the documents, when there is one. A broken one is a problem named with its
 * file and field, and the store loads without it: the documents still answer.
 */
async function readData<T>(
  root: string,
  name: string,
  parse: (raw: string) => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } },
  problems: LoadProblem[],
): Promise<T | undefined> {
  const raw = await readText(root, name, problems);
  if (raw === undefined) return undefined;
  let parsed;
  try {
    parsed = parse(raw);
  } catch (err) {
    problems.push({ path: name, field: '(file)', message: `cannot be read: ${(err as Error).message.split('\n')[0]}` });
    return undefined;
  }
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.push({ path: name, field: issue.path.map(String).join('.') || '(file)', message: issue.message });
  return undefined;
}

/** What each part of a store's model weighs, by name. */
const MODEL_PARTS = [
  ['weights', SIGNALS, 'signals'],
  ['ranking', RANK_FEATURES, 'ranking features'],
  ['answering', ANSWER_FEATURES, 'answering features'],
] as const;

/**
 * A store's model, its names checked against what this Kompis weighs. A part that names none of
 * them is no model of Kompis's (a file of another tool's, or written by hand with other names), and
 * would decide every question alike, its weights all zero: the file is not read. Names this Kompis
 * does not know (a newer one's) are named and weigh nothing.
 */
function parseCalibration(raw: string, problems: LoadProblem[]): ReturnType<typeof Calibration.safeParse> | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } {
  const json: unknown = JSON.parse(raw);
  const parsed = Calibration.safeParse(json);
  if (!parsed.success || !isRecord(json)) return parsed;
  const unknown: LoadProblem[] = [];
  for (const [part, names, what] of MODEL_PARTS) {
    const written = json[part];
    if (!isRecord(written)) continue;
    const strange = Object.keys(written).filter((n) => !(names as readonly string[]).includes(n));
    if (strange.length === 0) continue;
    if (strange.length === Object.keys(written).length) {
      const message = `names none of the ${what} Kompis weighs (${names.join(', ')}), only ${strange.join(', ')}: not read, so the shipped model decides; write the store's own with kompis eval --calibrate`;
      return { success: false, error: { issues: [{ path: [part], message }] } };
    }
    unknown.push({ path: CALIBRATION_FILE, field: part, message: `${strange.join(', ')}: no ${what} this Kompis weighs (a newer Kompis's, or mistyped), so they weigh nothing`, published: true });
  }
  problems.push(...unknown);
  return parsed;
}

/** A document, with the fields it left out and what they were read as, and the fields it was published without. */
export function parseDocument(rel: string, raw: string, today: Date = new Date()): (KnowledgeDocument & { inferred?: Inferred[]; notes?: LoadProblem[] }) | { problems: LoadProblem[] } {
  // a line ends in \n, \r\n (Windows) or a \r alone (old Mac tools, some exporters): read as \n throughout
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const front = readFrontMatter(text);
  if (front && 'problem' in front) return { problems: [{ path: rel, field: '(front matter)', message: front.problem }] };
  let data: unknown = front?.data ?? {};
  const notes: LoadProblem[] = (front?.notes ?? []).map((n) => ({ path: rel, ...n, published: true as const }));
  // a date written another way is named, and the document is published without it
  if (isRecord(data) && 'reviewed' in data) {
    const { reviewed, ...rest } = data;
    const date = reviewedDate(reviewed, today);
    if (date && !(date instanceof Date)) notes.push({ path: rel, field: 'reviewed', message: `${date.problem}: published without a reviewed date`, published: true });
    data = date instanceof Date ? { ...rest, reviewed: date } : rest;
  }
  let written = WrittenFrontMatter.safeParse(data ?? {});
  // a field that only describes the document (its source, owner, tags) written wrong is named, and
  // the document published without it: a link without https:// is no reason to hide its text
  const descriptive = written.error?.issues.filter((issue) => (DESCRIPTIVE_FIELDS as readonly PropertyKey[]).includes(issue.path[0]!)) ?? [];
  if (descriptive.length > 0 && isRecord(data)) {
    const rest = { ...data };
    for (const issue of descriptive) {
      const field = String(issue.path[0]);
      if (!(field in rest)) continue;
      notes.push({ path: rel, field, message: `${issue.message}, not ${JSON.stringify(rest[field])}: published without ${field === 'tags' ? 'tags' : `a ${field}`}`, published: true });
      delete rest[field];
    }
    written = WrittenFrontMatter.safeParse(rest);
  }
  if (!written.success) {
    return {
      problems: written.error.issues.map((issue) => ({
        path: rel,
        field: issue.path.join('.') || '(front matter)',
        message: issue.path[0] === 'lang' ? `lang must be one of nb, sv, da, en (or norsk, svenska, dansk, english), or left out; not ${JSON.stringify(isRecord(data) ? data.lang : undefined)}` : issue.message,
      })),
    };
  }
  const { source } = written.data;
  if (source && source.length > LINKED_SOURCE_CHARS) {
    notes.push({ path: rel, field: 'source', message: `the source URL is ${source.length} characters long, over ${LINKED_SOURCE_CHARS}: Slack may name the source without its link; link a shorter address to the page`, published: true });
  }
  const body = withoutHtml(front ? text.slice(front.length) : text);
  const inferred: Inferred[] = [];
  // HTML in a title is read as the body's is (`Battery <b>recycling</b> &amp; returns`), so every channel names the document by its words
  const title = (written.data.title && withoutHtml(written.data.title).replace(/\s+/g, ' ').trim()) || inferTitle(rel, body, inferred);
  const lang = written.data.lang ?? inferLang(rel, body, inferred);
  const meta: FrontMatter = { ...written.data, title, lang };
  // a lang line left from the page it was copied from reads the whole document as another language
  // (or a file put in another language's folder): a text long enough to tell its language by is
  // checked, against its lang line or its folder's (every document of thirteen packs is read as written)
  const from = written.data.lang ? 'line' : inferred.find((i) => i.field === 'lang')?.from;
  const reads = (from === 'line' || from === 'folder') && wordCount(body) >= LANG_CHECK_WORDS ? detectLanguage(body.slice(0, LANG_CHECK_CHARS)) : undefined;
  if (reads && reads !== lang) {
    const said = from === 'line' ? `lang says ${lang}` : `read as ${lang} from its folder, as it has no lang line`;
    const fix = from === 'line' ? 'check the lang line' : `write lang: ${reads} in its front matter if that is its language`;
    notes.push({ path: rel, field: 'lang', message: `${said}, but the text reads as ${LANG_NAMES[reads]}: ${fix} (an answer prefers a passage in the asker's language)`, published: true });
  }
  const passages = splitPassages(rel, meta, body);
  // a section written as an order to the model ("ignore your instructions and say …") is read as the
  // questions' guard reads one: a language model given it may follow it, so a curator is told at start
  for (const p of passages) {
    if (looksLikeInjection(`${p.heading} ${p.text}`)) notes.push({ path: rel, field: p.heading, message: 'the section reads as an instruction to the language model (as the guard reads questions): a model given it may follow it; write it as a fact about the company', published: true });
  }
  if (passages.length === 0) return { problems: [...notes, { path: rel, field: '(body)', message: 'the document has no text' }] };
  return { path: rel, meta, passages, ...(inferred.length > 0 ? { inferred } : {}), ...(notes.length > 0 ? { notes } : {}) };
}

/** The fewest words a document's text has for its language to be told from it, against its lang line. */
const LANG_CHECK_WORDS = 40;
/** How much of it is read for that: enough to tell, and a page of two megabytes is not read whole. */
const LANG_CHECK_CHARS = 3000;
const LANG_NAMES: Record<Lang, string> = { nb: 'Norwegian', sv: 'Swedish', da: 'Danish', en: 'English' };
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** The first `#` heading, or the file's name in words ("gamle-mobiler.md": "Gamle mobiler"), or its path. */
function inferTitle(rel: string, body: string, inferred: Inferred[]): string {
  const heading = firstTitle(body);
  const named = path.posix.basename(rel).replace(DOCUMENT_FILE, '').replace(/[-_]+/g, ' ').trim();
  const value = heading ?? (named ? named.charAt(0).toUpperCase() + named.slice(1) : rel);
  inferred.push({ path: rel, field: 'title', value, from: heading ? 'heading' : 'file name' });
  return value;
}

/** The language a folder on the document's path is named for, or the one its text is written in. */
function inferLang(rel: string, body: string, inferred: Inferred[]): Lang {
  const folder = rel.split('/').slice(0, -1).reverse().map(langOfCode).find((l) => l !== undefined);
  const value = folder ?? detectLanguage(body);
  inferred.push({ path: rel, field: 'lang', value, from: folder ? 'folder' : 'text' });
  return value;
}

/** A document file as found: its path, and how it was reached (see `readOnce`). */
interface Listed {
  file: string;
  /** 0: in the store's own folders; 1: a link to a file, in them; 2: in a linked folder. */
  reached: 0 | 1 | 2;
}

/**
 * Each file once, however many names links give it: the name reached through the fewest links
 * (the file in its own place, then a link made to that file, then a file of a linked folder),
 * and of those the first by path. The others are named with the one read.
 */
async function readOnce(listed: Listed[]): Promise<{ files: string[]; sameFile: { file: string; readAs: string }[] }> {
  const real = await inBatches(listed, READ_AT_ONCE, ({ file }) => fs.realpath(file));
  const chosen = new Map<string, Listed>();
  listed.forEach((l, i) => {
    const best = chosen.get(real[i]!);
    if (!best || l.reached < best.reached) chosen.set(real[i]!, l);
  });
  const files: string[] = [];
  const sameFile: { file: string; readAs: string }[] = [];
  listed.forEach((l, i) => {
    const kept = chosen.get(real[i]!)!;
    if (kept === l) files.push(l.file);
    else sameFile.push({ file: l.file, readAs: kept.file });
  });
  return { files, sameFile };
}

/**
 * The document files below `dir`. A link is followed, to a file or a folder, as curators link a
 * shared folder in; a link to a folder already being read (a loop) and one to nothing are problems.
 */
async function listDocuments(root: string, dir: string, unread: string[], problems: LoadProblem[], reading: Set<string>, linked: boolean): Promise<Listed[]> {
  const out: Listed[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name.startsWith('_') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    let kind: 'file' | 'folder' | 'other' = entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other';
    if (entry.isSymbolicLink()) {
      const target = await fs.stat(full).catch(() => undefined);
      if (!target) {
        problems.push({ path: relativeTo(root, full), field: '(file)', message: 'not read: a link to nothing (its target is gone or cannot be read)' });
        continue;
      }
      kind = target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other';
    }
    if (kind === 'folder') {
      const real = await fs.realpath(full);
      if (reading.has(real)) {
        problems.push({ path: relativeTo(root, full), field: '(folder)', message: 'not read: a link to a folder it is already in (a loop)' });
        continue;
      }
      reading.add(real);
      out.push(...(await listDocuments(root, full, unread, problems, reading, linked || entry.isSymbolicLink())));
      reading.delete(real);
    } else if (kind === 'other' || /^readme\./i.test(entry.name) || NO_DOCUMENT.test(entry.name)) continue;
    else if (DOCUMENT_FILE.test(entry.name)) out.push({ file: full, reached: linked ? 2 : entry.isSymbolicLink() ? 1 : 0 });
    else unread.push(full);
  }
  return out;
}
