using System.Runtime.CompilerServices;

// The parsers stackalloc scratch buffers (tagged-path canonicalisation, underscore stripping) and always write
// before they read; zeroing them on every line is pure overhead on the hot path.
[module: SkipLocalsInit]
