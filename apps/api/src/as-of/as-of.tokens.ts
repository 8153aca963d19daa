/** Injection token of the process's `AsOfViews` (#projections). */
export const AS_OF_VIEWS = Symbol('AsOfViews');
