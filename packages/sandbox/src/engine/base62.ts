/** The base62 alphabet of the key format (SPEC §1): digits, then upper case, then lower case. */
export const BASE62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
