// Masks anything that could be a credential before it reaches a log, a
// report or a results line.
const RULES: Array<[RegExp, string]> = [
  [/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '$1****'],
  [/(Credential=)[^/,\s]+/g, '$1****'],
  [/(Signature=)[0-9a-f]{16,}/g, '$1****'],
  [/((?:secret[_-]?(?:access[_-]?)?key|SecretKey|secretAccessKey|SessionToken|sessionToken|x-amz-security-token|X-Amz-Security-Token)["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, '$1****'],
  // How the Pact verifier prints a header: "X-Amz-Security-Token" with value "…".
  [/(x-amz-security-token["']?\s+with value\s+["'])[^"']+/gi, '$1****'],
  // A Pact Broker's bearer token or basic credentials, in a header or a URL.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 ****'],
  [/(\bhttps?:\/\/)[^/\s:@]+:[^/\s@]+@/g, '$1****@'],
];

export function redact(text: string): string {
  let out = text;
  for (const [re, replacement] of RULES) out = out.replace(re, replacement);
  return out;
}
