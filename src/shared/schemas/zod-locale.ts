import { z } from "zod";

// Users read validation messages in Spanish (es-PE); zod's own messages follow the same locale.
z.config(z.locales.es());

export { z };
