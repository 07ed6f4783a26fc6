/** The builders of the demo seed, for tests: one definition (seeds/builders.ts), two users. */
export * from '../../seeds/builders';
