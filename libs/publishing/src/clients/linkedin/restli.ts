// Rest.li 2.0 path keys. LinkedIn's /rest APIs speak Rest.li protocol 2.0.0, where `(`, `)`, `,`, `:` and `'` are
// syntax (complex keys, lists): a URN used as a path key must have every one of them percent-encoded. A comment
// URN is the case that bites: urn:li:comment:(urn:li:share:1,2) goes as urn%3Ali%3Acomment%3A%28urn%3Ali%3Ashare
// %3A1%2C2%29. encodeURIComponent leaves ( ) ' as they are, so it is not enough on its own (LinkedIn's own client,
// linkedin-api-js-client, encodes the same set).

/** A URN (or any value) encoded for a Rest.li 2.0 path segment or query value. */
export function restliEncode(value: string): string {
  return encodeURIComponent(value).replace(/[()']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
