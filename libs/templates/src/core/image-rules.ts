// What each network's documentation says about an image besides its type and count, as numbers that change
// (Instagram has moved its aspect-ratio range before): configuration, set once at start-up from the validated
// INSTAGRAM_*/GOOGLE_*/LINKEDIN_* variables, read by the compose rules (libs/posts) and the composer page.
export interface ImageRules {
  /** Instagram feed images: width / height from 4:5 (portrait) to 1.91:1 (landscape). */
  instagramMinAspect: number;
  instagramMaxAspect: number;
  /** Google Business Profile photos: at least 250 px each way, from 10 KB to 5 MB. */
  googleMinSidePx: number;
  googleMinBytes: number;
  googleMaxBytes: number;
  /** LinkedIn's Images API: at most 36,152,320 pixels (6012 × 6012). */
  linkedinMaxPixels: number;
}

const rules: ImageRules = {
  instagramMinAspect: 4 / 5,
  instagramMaxAspect: 1.91,
  googleMinSidePx: 250,
  googleMinBytes: 10 * 1024,
  googleMaxBytes: 5 * 1024 * 1024,
  linkedinMaxPixels: 36_152_320,
};

export function applyImageRules(settings: Partial<ImageRules>): void {
  Object.assign(rules, settings);
}

export function imageRulesInForce(): Readonly<ImageRules> {
  return { ...rules };
}

/** A ratio as people say it: 0.8 is "4:5", 1.91 is "1.91:1", 0.5625 is "9:16". */
export function aspectWords(ratio: number): string {
  const common: Array<[number, string]> = [
    [4 / 5, '4:5'],
    [1, '1:1'],
    [9 / 16, '9:16'],
    [16 / 9, '16:9'],
    [3 / 4, '3:4'],
    [4 / 3, '4:3'],
    [2 / 3, '2:3'],
    [3 / 2, '3:2'],
  ];
  const known = common.find(([r]) => Math.abs(r - ratio) < 0.005);
  if (known) return known[1];
  return ratio >= 1 ? `${round(ratio)}:1` : `1:${round(1 / ratio)}`;
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}
