// @ts-check
/**
 * `make mutation`'s TypeScript checker: a Stryker checker plugin (`checkers: ['incremental-typescript']`)
 * that tells Stryker which mutants do not compile, so that they are never run as tests.
 *
 * Why not @stryker-mutator/typescript-checker: it drives a solution builder that parses and binds
 * every file of its program again for every check, since its cache keeps declaration files only.
 * Measured here, that cost about as much CPU per mutant as running the mutant's tests. This checker
 * gives TypeScript the same SourceFile object for every file that did not change, so a check parses
 * only the mutated file, and TypeScript's builder program re-checks only the files the change can
 * affect: the file itself, and its importers when its declarations change. The verdicts are
 * TypeScript's own, over the whole program: the same as Stryker's checker on every mutant of the
 * core we compared (see the README's Mutation testing section).
 */
import ts from 'typescript';
import { EOL } from 'node:os';
import { resolve } from 'node:path';
import { CheckStatus } from '@stryker-mutator/api/check';
import { PluginKind, commonTokens, declareClassPlugin, tokens } from '@stryker-mutator/api/plugin';

/** @typedef {import('@stryker-mutator/api/core').Mutant} Mutant */
/** @typedef {import('@stryker-mutator/api/check').CheckResult} CheckResult */

const formatHost = { getCanonicalFileName: (/** @type {string} */ f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => EOL };

/** A compiler host that hands out one SourceFile per file text: unchanged files are never parsed again. */
class ReusingHost {
  /** @param {ts.CompilerOptions} options */
  constructor(options) {
    this.base = ts.createCompilerHost(options);
    /** @type {Map<string, ts.SourceFile>} the files as they are on disk, parsed once */
    this.originals = new Map();
    /** @type {Map<string, string>} the one mutated file's text, by file name */
    this.mutated = new Map();
    /** @type {ts.CompilerHost} */
    this.host = {
      ...this.base,
      getSourceFile: (fileName, languageVersion) => this.sourceFile(fileName, languageVersion),
      readFile: (fileName) => this.mutated.get(fileName) ?? this.base.readFile(fileName),
      writeFile: () => {},
    };
  }

  /**
   * @param {string} fileName
   * @param {ts.ScriptTarget | ts.CreateSourceFileOptions} languageVersion
   * @returns {ts.SourceFile | undefined}
   */
  sourceFile(fileName, languageVersion) {
    const text = this.mutated.get(fileName);
    if (text !== undefined) return parse(fileName, text, languageVersion);
    let original = this.originals.get(fileName);
    if (original === undefined) {
      const onDisk = this.base.readFile(fileName);
      if (onDisk === undefined) return undefined;
      original = parse(fileName, onDisk, languageVersion);
      this.originals.set(fileName, original);
    }
    return original;
  }
}

/**
 * @param {string} fileName
 * @param {string} text
 * @param {ts.ScriptTarget | ts.CreateSourceFileOptions} languageVersion
 */
function parse(fileName, text, languageVersion) {
  const file = ts.createSourceFile(fileName, text, languageVersion, true);
  // The builder program tells a changed file from an unchanged one by this version.
  /** @type {ts.SourceFile & { version?: string }} */ (file).version = ts.sys.createHash?.(text) ?? text;
  return file;
}

export class IncrementalTypescriptChecker {
  static inject = tokens(commonTokens.options);

  /** @param {{ tsconfigFile?: string }} options */
  constructor(options) {
    this.tsconfigFile = resolve(options.tsconfigFile ?? 'tsconfig.json');
    /** @type {ts.EmitAndSemanticDiagnosticsBuilderProgram | undefined} */
    this.builder = undefined;
  }

  async init() {
    const parsed = ts.getParsedCommandLineOfConfigFile(this.tsconfigFile, {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.formatDiagnostics([d], formatHost)); },
    });
    if (parsed === undefined) throw new Error(`${this.tsconfigFile}: cannot read it`);
    // Declarations are what the builder compares to know whether an importer can be affected;
    // nothing is written (the host's writeFile drops it).
    this.options = { ...parsed.options, noEmit: false, declaration: true, emitDeclarationOnly: true, incremental: false, composite: false };
    this.rootNames = parsed.fileNames;
    this.reusing = new ReusingHost(this.options);
    const errors = this.diagnostics();
    if (errors.length > 0) throw new Error(`TypeScript errors in the unmutated program: ${ts.formatDiagnostics(errors, formatHost)}`);
  }

  /**
   * One mutant at a time (no `group`: Stryker then sends groups of one).
   * @param {Mutant[]} mutants
   * @returns {Promise<Record<string, CheckResult>>}
   */
  async check(mutants) {
    /** @type {Record<string, CheckResult>} */
    const results = {};
    for (const mutant of mutants) results[mutant.id] = this.checkOne(mutant);
    return results;
  }

  /** @param {Mutant} mutant @returns {CheckResult} */
  checkOne(mutant) {
    const fileName = resolve(mutant.fileName).replace(/\\/g, '/');
    const original = this.reusing?.originals.get(fileName);
    // A file outside the program cannot fail to compile in it.
    if (original === undefined || this.reusing === undefined) return { status: CheckStatus.Passed };
    const start = original.getPositionOfLineAndCharacter(mutant.location.start.line, mutant.location.start.column);
    const end = original.getPositionOfLineAndCharacter(mutant.location.end.line, mutant.location.end.column);
    this.reusing.mutated.set(fileName, `${original.text.slice(0, start)}${mutant.replacement}${original.text.slice(end)}`);
    try {
      const errors = this.diagnostics(fileName);
      return errors.length === 0 ? { status: CheckStatus.Passed } : { status: CheckStatus.CompileError, reason: ts.formatDiagnostics(errors, formatHost) };
    } finally {
      // Restored in the next build: the original SourceFile comes back, unparsed.
      this.reusing.mutated.delete(fileName);
    }
  }

  /**
   * The program's errors now: the changed file's syntax first (a file that does not parse is not
   * checked further), then every file's semantics, which the builder recomputes only where affected.
   * @param {string} [changed]
   * @returns {ts.Diagnostic[]}
   */
  diagnostics(changed) {
    if (this.reusing === undefined || this.rootNames === undefined) throw new Error('checker: init() was not called');
    this.builder = ts.createEmitAndSemanticDiagnosticsBuilderProgram(this.rootNames, this.options, this.reusing.host, this.builder);
    const file = changed === undefined ? undefined : this.builder.getSourceFile(changed);
    const syntax = [...this.builder.getOptionsDiagnostics(), ...this.builder.getGlobalDiagnostics(), ...this.builder.getSyntacticDiagnostics(file)];
    return syntax.length > 0 ? syntax : [...this.builder.getSemanticDiagnostics()];
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Checker, 'incremental-typescript', IncrementalTypescriptChecker)];
