/**
 * A model whose definition is rejected before any search: not a configuration out of range (a
 * usage error) but a model that cannot mean anything, such as a Singularity channel contract that
 * breaks the cycle rule. The command line reports it as a model error (exit code 6) with its
 * message, and `npm run check` accepts it where a run expects it (`RegistryRun.rejected`).
 */

/**
 * Thrown while a model is built when its definition is ill-formed. The message names the problem,
 * where it is and how to fix it.
 *
 * @example
 * throw new ModelDefinitionError('contract Stream is ill-formed: …');
 */
export class ModelDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelDefinitionError';
  }
}
