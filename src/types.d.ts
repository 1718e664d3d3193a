// Libraries that ship no types: the small surface Kompis uses.
declare module 'stopword' {
  export const nob: string[];
  export const swe: string[];
  export const dan: string[];
  export const eng: string[];
}
