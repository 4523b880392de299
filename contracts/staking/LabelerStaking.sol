// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title LabelerStaking
/// @notice Labelers stake the token to weight their votes; the node reads `activeStakeOf`.
///         Unstaking goes through a cooldown fixed at deploy, during which the stake can still be
///         slashed but no longer counts. Slashing takes a bounded fraction and records why.
/// @dev Nothing here can be paused: a labeler can always leave with what was not slashed.
contract LabelerStaking is AccessControlDefaultAdminRules, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice May slash stakes.
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");
    /// @notice The largest `maxSlashBps` a deployment may choose (100%).
    uint16 public constant BPS = 10_000;

    /// @notice The staked token.
    IERC20 public immutable token;
    /// @notice Seconds between an unstake request and the withdrawal.
    uint64 public immutable cooldown;
    /// @notice The largest fraction one slash may take, in basis points.
    uint16 public immutable maxSlashBps;
    /// @notice Receives slashed tokens.
    address public immutable slashRecipient;

    /// @notice A labeler's stake: what counts, what is cooling down, and when it unlocks.
    struct Stake {
        uint128 active;
        uint128 pending;
        uint64 unlockAt;
    }

    /// @notice Sum of every active stake.
    uint256 public totalActive;
    mapping(address labeler => Stake) private _stakes;

    /// @notice `labeler` staked `amount`; its active stake is now `active`.
    event Staked(address indexed labeler, uint256 amount, uint256 active);
    /// @notice `labeler` asked to unstake `amount`; all its pending stake unlocks at `unlockAt`.
    event UnstakeRequested(address indexed labeler, uint256 amount, uint256 unlockAt);
    /// @notice `labeler` withdrew `amount` after the cooldown.
    event Unstaked(address indexed labeler, uint256 amount);
    /// @notice `slasher` took `amount` (`bps` of the stake) from `labeler` for `reasonHash`.
    event Slashed(address indexed labeler, address indexed slasher, uint256 amount, uint16 bps, bytes32 indexed reasonHash);

    /// @notice An address argument was the zero address.
    error ZeroAddress();
    /// @notice An amount was zero.
    error ZeroAmount();
    /// @notice The cooldown or the slash bound given at deploy is out of range.
    error InvalidParameter();
    /// @notice The amount is more than the active stake.
    error InsufficientStake(uint256 requested, uint256 active);
    /// @notice Nothing is pending withdrawal.
    error NothingPending();
    /// @notice The cooldown has not ended.
    error CooldownActive(uint256 unlockAt);
    /// @notice The slash fraction is zero or above `maxSlashBps`.
    error SlashTooLarge(uint256 bps, uint256 maxBps);
    /// @notice A slash needs a reason.
    error MissingReason();
    /// @notice The token moved a different amount than asked (fee-on-transfer tokens are refused).
    error TransferAmountMismatch(uint256 expected, uint256 received);

    /// @param stakeToken The token labelers stake.
    /// @param cooldownSeconds Seconds from an unstake request to the withdrawal (1 hour to 365 days).
    /// @param maxSlashFractionBps The largest fraction one slash may take (1 to 10,000 bps).
    /// @param slashedTo Receives slashed tokens.
    /// @param admin Default admin (two-step transfer with `adminDelay`).
    /// @param adminDelay Delay of a default-admin transfer, in seconds.
    constructor(
        IERC20 stakeToken,
        uint64 cooldownSeconds,
        uint16 maxSlashFractionBps,
        address slashedTo,
        address admin,
        uint48 adminDelay
    ) AccessControlDefaultAdminRules(adminDelay, admin) {
        if (address(stakeToken) == address(0) || slashedTo == address(0)) revert ZeroAddress();
        if (cooldownSeconds < 1 hours || cooldownSeconds > 365 days) revert InvalidParameter();
        if (maxSlashFractionBps == 0 || maxSlashFractionBps > BPS) revert InvalidParameter();
        token = stakeToken;
        cooldown = cooldownSeconds;
        maxSlashBps = maxSlashFractionBps;
        slashRecipient = slashedTo;
    }

    /// @notice Stakes `amount` of the caller's tokens (approved beforehand).
    /// @param amount Token units.
    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert TransferAmountMismatch(amount, received);
        Stake storage s = _stakes[msg.sender];
        uint256 active = s.active + amount;
        s.active = uint128(active);
        totalActive += amount;
        emit Staked(msg.sender, amount, active);
    }

    /// @notice Moves `amount` of the caller's active stake into the cooldown. It stops counting
    ///         at once; the cooldown of everything pending restarts.
    /// @param amount Token units.
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Stake storage s = _stakes[msg.sender];
        if (amount > s.active) revert InsufficientStake(amount, s.active);
        s.active -= uint128(amount);
        s.pending += uint128(amount);
        uint64 unlockAt = uint64(block.timestamp) + cooldown;
        s.unlockAt = unlockAt;
        totalActive -= amount;
        emit UnstakeRequested(msg.sender, amount, unlockAt);
    }

    /// @notice Withdraws everything pending once the cooldown is over.
    /// @return amount Token units sent to the caller.
    function withdraw() external nonReentrant returns (uint256 amount) {
        Stake storage s = _stakes[msg.sender];
        amount = s.pending;
        if (amount == 0) revert NothingPending();
        if (block.timestamp < s.unlockAt) revert CooldownActive(s.unlockAt);
        s.pending = 0;
        token.safeTransfer(msg.sender, amount);
        emit Unstaked(msg.sender, amount);
    }

    /// @notice Takes `bps` of `labeler`'s stake (active first, then pending) for the reason whose
    ///         hash is `reasonHash` (for instance the keccak of the node's evidence record).
    /// @param labeler The labeler.
    /// @param bps Fraction in basis points, 1 to `maxSlashBps`.
    /// @param reasonHash Hash of the evidence; must not be zero.
    /// @return amount Token units taken.
    function slash(address labeler, uint16 bps, bytes32 reasonHash) external onlyRole(SLASHER_ROLE) nonReentrant returns (uint256 amount) {
        if (labeler == address(0)) revert ZeroAddress();
        if (bps == 0 || bps > maxSlashBps) revert SlashTooLarge(bps, maxSlashBps);
        if (reasonHash == bytes32(0)) revert MissingReason();
        Stake storage s = _stakes[labeler];
        uint256 active = s.active;
        uint256 pending = s.pending;
        amount = ((active + pending) * bps) / BPS;
        if (amount == 0) revert ZeroAmount();
        uint256 fromActive = amount < active ? amount : active;
        s.active = uint128(active - fromActive);
        s.pending = uint128(pending - (amount - fromActive));
        totalActive -= fromActive;
        token.safeTransfer(slashRecipient, amount);
        emit Slashed(labeler, msg.sender, amount, bps, reasonHash);
    }

    /// @notice The stake that weights `labeler`'s votes.
    /// @param labeler The labeler.
    /// @return Token units.
    function activeStakeOf(address labeler) external view returns (uint256) {
        return _stakes[labeler].active;
    }

    /// @notice `labeler`'s whole stake record.
    /// @param labeler The labeler.
    /// @return The active and pending amounts and the unlock time.
    function stakeOf(address labeler) external view returns (Stake memory) {
        return _stakes[labeler];
    }
}
