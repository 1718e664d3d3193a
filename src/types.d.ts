// Libraries that ship no types: the small surface Kompis uses.
declare module 'snowball-stemmers' {
  export function newStemmer(language: string): { stem(word: string): string };
  export function algorithms(): string[];
}
declare module 'stopword' {
  export const nob: string[];
  export const swe: string[];
  export const dan: string[];
  export const eng: string[];
}
