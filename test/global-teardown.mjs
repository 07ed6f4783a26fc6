export default async function globalTeardown() {
  await globalThis.__SAMS_PG__?.stop();
}
