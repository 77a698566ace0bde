// LIGHT_RANGE: the brightest tile light the rgba8 light texels hold. Defined once, in Python
// (lumen/passes/gpu_contract.py), and given to every pass's shaders as a #define.
#ifndef LIGHT_RANGE
#error "LIGHT_RANGE is not defined: build this shader through GLResources.program (lumen/passes/gpu_contract.py)"
#endif
