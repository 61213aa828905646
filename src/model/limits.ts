// Service limits and page sizes. Pure data: the emulator enforces these, and
// the suites read them where they need to know what a correct backend allows.

/** Documented service limits (AWS developer guide: 20 datasets per identity, 1 MB per dataset). */
export const MAX_DATASETS_PER_IDENTITY = 20;
export const MAX_DATASET_BYTES = 1024 * 1024;

export type PageLimit = { default: number; max: number };
export type PageLimits = { records: PageLimit; datasets: PageLimit; pools: PageLimit };

/**
 * [INFERRED] The emulator's page sizes: what the clients ask for (1,024
 * records, 64 datasets) doubles as default and maximum. AWS documents none.
 */
export const DEFAULT_PAGES: PageLimits = {
  records: { default: 1024, max: 1024 },
  datasets: { default: 64, max: 64 },
  pools: { default: 60, max: 60 },
};

/** The small-pages variant: a backend that pages much sooner is just as correct. */
export const SMALL_PAGES: PageLimits = {
  records: { default: 7, max: 7 },
  datasets: { default: 3, max: 3 },
  pools: { default: 2, max: 2 },
};
