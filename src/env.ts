/**
 * Hono's environment. The Worker's bindings, vars and secrets are the global
 * `Env`, generated from wrangler.toml and .dev.vars.example by `npm run
 * types:env` into worker-configuration.d.ts (the test command checks it is
 * current); settings are read through `config(env)` (src/config.ts).
 */
import type { AccessClaims } from "./auth/tokens.ts";
import type { HttpDatabase } from "./db/client.ts";

/** Hono's environment: bindings plus what middleware puts on the context. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    /**
     * The request's database handle (see http/database.ts): queries over
     * HTTP, `transaction()` on a websocket Pool opened on first use.
     */
    db: () => HttpDatabase;
    /** The caller, set by requireAuth() (http/auth.ts). */
    auth?: AccessClaims;
  };
}
