// web-ext ships no types; only the lint command is used (by the Firefox build test).
declare module 'web-ext' {
  const webExt: {
    cmd: {
      lint(
        options: { sourceDir: string; output?: 'json' | 'text'; selfHosted?: boolean; boring?: boolean },
        runtime?: { shouldExitProgram?: boolean },
      ): Promise<unknown>;
    };
  };
  export default webExt;
}
