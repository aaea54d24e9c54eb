// The command's entry (dist/cli.js): turns on Node's compile cache where there is one, then runs the command.
import module from "node:module";

/** `module.enableCompileCache`, in Node 22.1 and later; Node 20 has none. */
const { enableCompileCache } = module as { enableCompileCache?: () => unknown };

// Compiled code of the stub and its dependencies is kept on disk (in os.tmpdir()/node-compile-cache, or
// NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off): later starts skip compiling it. It
// must be on before the command's modules load, hence this entry of its own.
enableCompileCache?.();
await import("./main");
