// The checks of a run, in the order they run (discovery first, apart: it chooses the window).
import { basicProjection } from "./basic";
import type { CheckDefinition } from "./context";
import { documentedAdvanced, documentedBasic } from "./documented";
import { emptyWindow } from "./empty";
import {
  errorStepIndex,
  errorUnauthorized,
  errorUnknownWorkflow,
  errorUnsupportedFilter,
} from "./errors";
import { filtersAnd, filtersOr } from "./filters";
import { intervalAdditivity } from "./interval";
import { limitPrefix, limitString } from "./limit";
import { goalEvents, stepData } from "./targets";

/** Every check after discovery, in order. */
export const CHECKS: readonly CheckDefinition[] = [
  documentedBasic,
  documentedAdvanced,
  limitString,
  limitPrefix,
  intervalAdditivity,
  filtersOr,
  filtersAnd,
  basicProjection,
  goalEvents,
  stepData,
  emptyWindow,
  errorUnauthorized,
  errorStepIndex,
  errorUnknownWorkflow,
  errorUnsupportedFilter,
];
