// LIGHT_RANGE: the brightest tile light the rgba8 light texels hold (lumen/passes/simulate.py LIGHT_RANGE).
#ifndef LIGHT_RANGE
#define LIGHT_RANGE 16.0
#endif
