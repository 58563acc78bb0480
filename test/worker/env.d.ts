// `env` and `exports` from cloudflare:workers are Curbside's in tests.
import type { Env as CurbsideEnv } from "../../src/env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends CurbsideEnv {}
    interface GlobalProps {
      mainModule: typeof import("../../src/index.ts");
      durableNamespaces: "CellActor" | "RideActor";
    }
  }
}
