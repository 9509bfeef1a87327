/** The simulator's data sets; light, for the command definitions (data.ts generates them; a test checks they agree). */
export const SIM_PRESETS = ['tiny', 'city', 'national'] as const;
