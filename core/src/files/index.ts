export {
  describeReadError,
  FILE_ERROR_WORDS,
  type FileErrorWords,
  writeErrorWords,
} from './file-error-words.js';
