/**
 * The shapes of the speed model's fitted coefficients: what bench/fit-speed.ts fits and writes into
 * speedFit.ts, and what speed.ts reads. Types only, in a file of their own, so the generated table
 * imports nothing from speed.ts (which imports the table): no import cycle (issue 13 item 5).
 */
import type { Device } from "../catalog/schema.js";

export type Backend = Device["backend"];

/**
 * Which fitted coefficient set a device's work uses: its llama.cpp backend, except AMD's unified-memory
 * APUs (Strix Halo's Radeon 8060S and kin). Those run llama.cpp on ROCm and on Vulkan alike (the
 * reference measures the same Strix Halo query on both, 1–2.6× apart at prefill) and read LPDDR5X, not
 * GDDR: fitted together with the discrete Radeons, their Vulkan rows dragged the ROCm prefill of a 7900
 * XTX to a third of what it measures. Their own set keeps both apart (speed.ts speedKeyOf).
 */
export type SpeedKey = Backend | "amd-apu";

/** The fitted coefficients of one backend (see speedFit.ts for the values and how they were fitted). */
export interface BackendCoefficients {
	/** 1/η: seconds per (byte / bandwidth) at decode */
	invEta: number;
	/** seconds per layer per decoded token */
	layerSeconds: number;
	/** seconds per (MoE layer × active expert) per decoded token */
	expertSeconds: number;
	/** 1/MFU on quantized weights (llama.cpp MMQ / dequantize + GEMM) */
	invMfuQuant: number;
	/** 1/MFU on F16/BF16/F32 weights (cuBLAS / hipBLAS / Metal GEMM) */
	invMfuFloat: number;
	/** multiplier on the per-ubatch weight read at prefill */
	prefillRead: number;
	/**
	 * 1/MFU of the routed-expert matmuls at prefill (MUL_MAT_ID): each expert sees only N·k/E tokens of a
	 * ubatch (32 of 512 for Qwen3 MoE), far fewer than a GEMM tile, so they run below the dense rate
	 */
	invMfuExpert: number;
	/** f32 hidden-state vectors read or written per layer per prompt token by the non-matmul ops (norms, rope, adds, copies) */
	prefillActivation: number;
	/**
	 * seconds per (MoE layer × expert the ubatch routes to) per ubatch: MUL_MAT_ID runs one small GEMM per
	 * expert (launch, tile set-up, the gather of its rows), which is what keeps many-small-expert models
	 * (Qwen3-30B-A3B: 48 layers × 128 experts of 768 × 2048) below their FLOP rate
	 */
	expertPrefillSeconds: number;
}

export interface SpeedCoefficients {
	backends: Record<SpeedKey, BackendCoefficients>;
	/** multiplier on host-held weight bytes / PCIE_BYTES_PER_SECOND per ubatch (op offload) */
	pcieUpload: number;
}
