/** PBKDF2-SHA256 password hashes through WebCrypto. */
import { describe, expect, it } from "vitest";
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from "../../src/auth/password.ts";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("curbside-demo");
    expect(await verifyPassword("curbside-demo", stored)).toBe(true);
    expect(await verifyPassword("curbside-dem0", stored)).toBe(false);
  });

  it("salts every hash and records the iteration count", async () => {
    const one = await hashPassword("same password");
    const two = await hashPassword("same password");
    expect(one).not.toBe(two);
    expect(one.split("$")[1]).toBe(String(PBKDF2_ITERATIONS));
  });

  it("still verifies a hash made with an older iteration count", async () => {
    const old = await hashPassword("legacy", 1_000);
    expect(await verifyPassword("legacy", old)).toBe(true);
  });

  it("treats a malformed stored hash as a mismatch", async () => {
    expect(await verifyPassword("x", "")).toBe(false);
    expect(await verifyPassword("x", "md5$1$abc$def")).toBe(false);
    expect(await verifyPassword("x", "pbkdf2-sha256$zero$abc$def")).toBe(false);
  });
});
