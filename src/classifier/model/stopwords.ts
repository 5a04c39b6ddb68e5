/**
 * English function words the preprocessor may drop.
 *
 * A short, hand-written list: articles, pronouns, auxiliaries, prepositions and conjunctions that
 * carry no hint of a project's field. Words that can carry one ("vision", "language", "deploy") are
 * deliberately absent. Changing this list changes the model's input, so a model trained with one
 * list must be served with the same one — retrain after editing it.
 */
const WORDS = `
a an the this that these those it its it's they them their theirs we us our ours you your yours he
him his she her hers i me my mine one ones
is are was were be been being am do does did doing done have has had having
will would shall should can could may might must
and or but nor so yet if then than because as while whether
of in on at by for with from to into onto about over under between through during before after
above below up down out off again further once here there when where why how
all any both each few more most other some such no not only own same too very just also
what which who whom whose via per using use used based new
`;

/** Tokens dropped when `removeStopwords` is on. */
export const STOPWORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((word) => word.length > 0));

/**
 * Words every class of this task uses ("deep learning", "neural network", "machine learning
 * model"), so they name the whole domain rather than one field. Their uneven class frequencies
 * still gave them large weights — "machine" leaned towards mlops, so "machine translation" came out
 * mlops — which is why feature blocks can drop them (`dropWords`) in word and character n-grams.
 */
export const GENERIC_ML_WORDS: readonly string[] = ['machine', 'learning', 'deep', 'model', 'models', 'neural', 'network', 'networks', 'data'];
